# What the Windows and macOS packages need beyond the build: Qt and the other libraries beside the
# executable (installer/deploy-qt.cmake.in), the bundle's Info.plist and entitlements, the installer's
# URL scheme registration and icons. All of it is configured on EVERY platform, Linux included, and
# checked by scripts/check-installers.sh, so that a release build on Windows or macOS (.github/
# workflows/release.yml, which cannot run here) meets no file that has silently rotted.

# Private-use URI schemes (RFC 8252 §7.1) the installers declare for Tokenscope: the macOS bundle's
# CFBundleURLTypes (macOS reads them from Info.plist only) and the Windows installer's registry keys.
# Environments that use other schemes have them registered by Tokenscope itself at run time.
set(TOKENSCOPE_URL_SCHEMES "nl.tokenscope" CACHE STRING "URL schemes the installers register (a ;-list)")
set(TOKENSCOPE_BUNDLE_IDENTIFIER "nl.tokenscope.Tokenscope")
set(TOKENSCOPE_COPYRIGHT "Copyright © 2026 Tokenscope maintainers")
# The languages of translations/tokenscope_*.ts: Qt's own catalogues are shipped for these only.
set(TOKENSCOPE_LANGUAGES nl)
# Qt 6.8, the version the release workflow pins, runs on macOS 12 and later.
if(CMAKE_OSX_DEPLOYMENT_TARGET)
    set(TOKENSCOPE_MACOS_MINIMUM "${CMAKE_OSX_DEPLOYMENT_TARGET}")
else()
    set(TOKENSCOPE_MACOS_MINIMUM "12.0")
endif()

if(WIN32 OR APPLE)
    set(deploy_default ON)
else()
    set(deploy_default OFF)
endif()
option(TOKENSCOPE_DEPLOY_QT "Copy Qt, QtKeychain and OpenSSL into the installation (Windows, macOS)" ${deploy_default})

# Every file the Windows and macOS packages are made from. A missing one fails the configure on every
# platform, not only in a release build.
set(installer_dir "${CMAKE_CURRENT_LIST_DIR}")
foreach(file IN ITEMS
        deploy-qt.cmake.in license.txt
        macos/Info.plist.in macos/tokenscope.entitlements macos/QtWebEngineProcess.entitlements
        macos/tokenscope.icns
        windows/tokenscope.ico windows/tokenscope.rc windows/urlschemes.nsh)
    if(NOT EXISTS "${installer_dir}/${file}")
        message(FATAL_ERROR "installer/${file} is missing: the Windows and macOS packages are made from it")
    endif()
endforeach()
foreach(language IN LISTS TOKENSCOPE_LANGUAGES)
    if(NOT EXISTS "${CMAKE_SOURCE_DIR}/translations/tokenscope_${language}.ts")
        message(FATAL_ERROR "TOKENSCOPE_LANGUAGES names '${language}' but translations/tokenscope_${language}.ts is missing")
    endif()
endforeach()
# RFC 3986 §3.1 scheme syntax; a scheme with a dot avoids clashes with other programs (RFC 8252 §7.1).
foreach(scheme IN LISTS TOKENSCOPE_URL_SCHEMES)
    if(NOT scheme MATCHES "^[A-Za-z][A-Za-z0-9+.-]*$")
        message(FATAL_ERROR "TOKENSCOPE_URL_SCHEMES: '${scheme}' is not a URI scheme (RFC 3986 §3.1)")
    endif()
endforeach()

set(generated "${CMAKE_BINARY_DIR}/installer")

# macOS bundle: Info.plist (also the target's MACOSX_BUNDLE_INFO_PLIST on macOS, ui/CMakeLists.txt).
if(APPLE)
    set(TOKENSCOPE_BUNDLE_EXECUTABLE "Tokenscope")
else()
    set(TOKENSCOPE_BUNDLE_EXECUTABLE "tokenscope")
endif()
set(TOKENSCOPE_PLIST_URL_SCHEMES "")
foreach(scheme IN LISTS TOKENSCOPE_URL_SCHEMES)
    string(APPEND TOKENSCOPE_PLIST_URL_SCHEMES "                <string>${scheme}</string>\n")
endforeach()
string(STRIP "${TOKENSCOPE_PLIST_URL_SCHEMES}" TOKENSCOPE_PLIST_URL_SCHEMES)
configure_file("${installer_dir}/macos/Info.plist.in" "${generated}/Info.plist" @ONLY)

# Windows installer: the URL scheme registration, one line per scheme, for CPack's NSIS script.
set(TOKENSCOPE_NSIS_EXE "$INSTDIR\\${CMAKE_INSTALL_BINDIR}\\tokenscope.exe")
set(TOKENSCOPE_NSIS_REGISTER "")
set(TOKENSCOPE_NSIS_UNREGISTER "")
foreach(scheme IN LISTS TOKENSCOPE_URL_SCHEMES)
    string(APPEND TOKENSCOPE_NSIS_REGISTER "!insertmacro TokenscopeRegisterUrlScheme \"${scheme}\" \"${TOKENSCOPE_NSIS_EXE}\"\n")
    string(APPEND TOKENSCOPE_NSIS_UNREGISTER "!insertmacro TokenscopeUnregisterUrlScheme \"${scheme}\" \"${TOKENSCOPE_NSIS_EXE}\"\n")
endforeach()
file(WRITE "${generated}/nsis-register.nsh" "${TOKENSCOPE_NSIS_REGISTER}")
file(WRITE "${generated}/nsis-unregister.nsh" "${TOKENSCOPE_NSIS_UNREGISTER}")

# The deploy script: generated everywhere, installed where the package carries its own Qt.
if((WIN32 OR APPLE) AND TOKENSCOPE_DEPLOY_QT AND Qt6_VERSION VERSION_LESS 6.7)
    # qt_deploy_runtime_dependencies takes NO_TRANSLATIONS, NO_COMPILER_RUNTIME and DEPLOY_TOOL_OPTIONS
    # from Qt 6.7 on.
    message(FATAL_ERROR "Deploying Qt on ${CMAKE_SYSTEM_NAME} needs Qt 6.7 or later (found ${Qt6_VERSION})")
endif()
if(NOT QT_DEPLOY_SUPPORT)
    message(FATAL_ERROR "Qt ${Qt6_VERSION} did not set up its deploy support (QT_DEPLOY_SUPPORT)")
endif()
set(TOKENSCOPE_QT_TRANSLATIONS_DIR "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_TRANSLATIONS}")
set(library_dirs "")
foreach(library IN ITEMS Qt6Keychain::Qt6Keychain OpenSSL::Crypto)
    get_target_property(location ${library} LOCATION)
    if(location)
        get_filename_component(directory "${location}" DIRECTORY)
        list(APPEND library_dirs "${directory}")
    endif()
endforeach()
list(REMOVE_DUPLICATES library_dirs)
set(TOKENSCOPE_MACDEPLOYQT_OPTIONS "")
foreach(directory IN LISTS library_dirs)
    string(APPEND TOKENSCOPE_MACDEPLOYQT_OPTIONS " \"-libpath=${directory}\"")
endforeach()
string(STRIP "${TOKENSCOPE_MACDEPLOYQT_OPTIONS}" TOKENSCOPE_MACDEPLOYQT_OPTIONS)
configure_file("${installer_dir}/deploy-qt.cmake.in" "${generated}/deploy-qt.cmake.in" @ONLY)
file(GENERATE OUTPUT "${generated}/deploy-qt.cmake" INPUT "${generated}/deploy-qt.cmake.in")

if(TOKENSCOPE_DEPLOY_QT)
    install(SCRIPT "${generated}/deploy-qt.cmake")
endif()

if(WIN32 AND TOKENSCOPE_DEPLOY_QT)
    # The MSVC runtime beside the executable, so no separate redistributable has to be installed.
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION "${CMAKE_INSTALL_BINDIR}")
    include(InstallRequiredSystemLibraries)
    # QtKeychain is linked; OpenSSL's libcrypto is linked and libssl is loaded by Qt's TLS plugin.
    install(IMPORTED_RUNTIME_ARTIFACTS Qt6Keychain::Qt6Keychain
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" LIBRARY DESTINATION "${CMAKE_INSTALL_BINDIR}")
    get_filename_component(openssl_root "${OPENSSL_INCLUDE_DIR}" DIRECTORY)
    file(GLOB openssl_dlls "${openssl_root}/bin/libcrypto-3*.dll" "${openssl_root}/bin/libssl-3*.dll")
    list(LENGTH openssl_dlls openssl_dll_count)
    if(NOT openssl_dll_count EQUAL 2)
        message(FATAL_ERROR "Expected libcrypto-3 and libssl-3 DLLs in ${openssl_root}/bin, found: ${openssl_dlls}")
    endif()
    install(FILES ${openssl_dlls} DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()
