# The macOS disk image (CPack's DragNDrop generator): Tokenscope.app beside a link to /Applications.
# Signing and notarisation are a manual step with the project's certificate (docs/releasing.md).

set(CPACK_DMG_VOLUME_NAME "Tokenscope ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT "UDZO")
set(CPACK_PACKAGE_ICON "${CMAKE_CURRENT_LIST_DIR}/tokenscope.icns")
if(APPLE)
    if(CMAKE_OSX_ARCHITECTURES)
        string(REPLACE ";" "-" dmg_architecture "${CMAKE_OSX_ARCHITECTURES}")
    else()
        set(dmg_architecture "${CMAKE_SYSTEM_PROCESSOR}")
    endif()
    set(CPACK_PACKAGE_FILE_NAME "tokenscope-${PROJECT_VERSION}-macos-${dmg_architecture}")
endif()
