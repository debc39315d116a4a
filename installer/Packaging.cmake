# Desktop integration files and CPack, configured in one place.

# Freedesktop files: Linux only (they would be clutter in the Windows folder and the macOS disk image).
if(NOT WIN32 AND NOT APPLE)
    install(FILES "${CMAKE_SOURCE_DIR}/resources/nl.tokenscope.Tokenscope.desktop"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
    install(FILES "${CMAKE_SOURCE_DIR}/resources/nl.tokenscope.Tokenscope.metainfo.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
    install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/tokenscope.svg"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps"
        RENAME nl.tokenscope.Tokenscope.svg)
    install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/tokenscope.png"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps"
        RENAME nl.tokenscope.Tokenscope.png)
endif()

set(CPACK_PACKAGE_NAME "tokenscope")
set(CPACK_PACKAGE_VENDOR "Tokenscope")
set(CPACK_PACKAGE_CONTACT "Tokenscope maintainers <maintainers@tokenscope.nl>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Tokenscope")
set(CPACK_PACKAGE_EXECUTABLES "tokenscope" "Tokenscope")
set(CPACK_STRIP_FILES ON)

# Windows and macOS: Qt deployment, Info.plist, URL schemes, icons (configured on every platform).
include("${CMAKE_CURRENT_LIST_DIR}/Deploy.cmake")
# The NSIS and DragNDrop settings are set on every platform too: scripts/check-installers.sh makes the
# Windows installer with makensis on Linux, which proves CPack's script and ours compile.
include("${CMAKE_CURRENT_LIST_DIR}/windows/Nsis.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/macos/DragNDrop.cmake")

if(WIN32)
    set(CPACK_GENERATOR "NSIS")
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
else()
    set(CPACK_GENERATOR "DEB")
    include("${CMAKE_CURRENT_LIST_DIR}/linux/LinuxPackage.cmake")
endif()

include(CPack)
