# Desktop integration files and CPack, configured in one place.

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

set(CPACK_PACKAGE_NAME "tokenscope")
set(CPACK_PACKAGE_VENDOR "Tokenscope")
set(CPACK_PACKAGE_CONTACT "Tokenscope maintainers <maintainers@tokenscope.nl>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Tokenscope")
set(CPACK_PACKAGE_EXECUTABLES "tokenscope" "Tokenscope")
set(CPACK_STRIP_FILES ON)

if(WIN32)
    set(CPACK_GENERATOR "NSIS")
    set(CPACK_NSIS_DISPLAY_NAME "Tokenscope")
    set(CPACK_NSIS_CREATE_ICONS_EXTRA "CreateShortCut '$SMPROGRAMS\\\\$STARTMENU_FOLDER\\\\Tokenscope.lnk' '$INSTDIR\\\\bin\\\\tokenscope.exe'")
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
else()
    set(CPACK_GENERATOR "DEB")
    include("${CMAKE_CURRENT_LIST_DIR}/linux/LinuxPackage.cmake")
endif()

include(CPack)
