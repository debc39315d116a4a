# The Windows installer (CPack's NSIS generator): Start-menu entry, optional desktop shortcut,
# uninstaller, licence page, and the URL schemes of TOKENSCOPE_URL_SCHEMES (installer/Deploy.cmake).
# Set on every platform: scripts/check-installers.sh makes this installer on Linux with makensis.

# makensis takes native paths on Windows; Debian's makensis takes forward slashes.
function(tokenscope_nsis_path variable path)
    if(CMAKE_HOST_WIN32)
        file(TO_NATIVE_PATH "${path}" path)
        string(REPLACE "\\" "\\\\" path "${path}")
    endif()
    set(${variable} "${path}" PARENT_SCOPE)
endfunction()

tokenscope_nsis_path(nsis_icon "${CMAKE_CURRENT_LIST_DIR}/tokenscope.ico")
tokenscope_nsis_path(nsis_macros "${CMAKE_CURRENT_LIST_DIR}/urlschemes.nsh")
tokenscope_nsis_path(nsis_register "${CMAKE_BINARY_DIR}/installer/nsis-register.nsh")
tokenscope_nsis_path(nsis_unregister "${CMAKE_BINARY_DIR}/installer/nsis-unregister.nsh")

set(CPACK_NSIS_PACKAGE_NAME "Tokenscope")
set(CPACK_NSIS_DISPLAY_NAME "Tokenscope ${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY "Tokenscope")
set(CPACK_NSIS_MUI_ICON "${nsis_icon}")
set(CPACK_NSIS_MUI_UNIICON "${nsis_icon}")
# The icon Windows shows under Installed apps.
set(CPACK_NSIS_INSTALLED_ICON_NAME "${CMAKE_INSTALL_BINDIR}\\\\tokenscope.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_CONTACT "${CPACK_PACKAGE_CONTACT}")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/installer/license.txt")
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
# A second installation replaces the first instead of being installed beside it.
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
# The options page: "Create Tokenscope Desktop Icon" (CPACK_CREATE_DESKTOP_LINKS); it also offers to
# add bin\ to PATH, which is off unless chosen.
set(CPACK_NSIS_MODIFY_PATH ON)
set(CPACK_CREATE_DESKTOP_LINKS "tokenscope")
# No "Run Tokenscope" on the last page: it would start Tokenscope with the installer's administrator
# rights, in which it must never handle tokens.
# CPack writes these into CPackConfig.cmake without escaping, hence the escaped escapes.
set(CPACK_NSIS_DEFINES "!include \\\"${nsis_macros}\\\"")
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS "!include \\\"${nsis_register}\\\"")
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS "!include \\\"${nsis_unregister}\\\"")
