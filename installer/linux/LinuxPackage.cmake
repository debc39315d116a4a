# The Linux packages (.deb for Debian and Ubuntu, .rpm for Fedora and openSUSE): the documentation
# files both carry, and the CPack settings of each generator. Included by installer/Packaging.cmake.

set(TOKENSCOPE_LINUX_DIR "${CMAKE_CURRENT_LIST_DIR}")

# The changelogs and the metainfo name the version; a release that forgets one of them fails here,
# not in lintian or in a user's software centre.
file(STRINGS "${TOKENSCOPE_LINUX_DIR}/changelog" debian_changelog_head LIMIT_COUNT 1)
file(STRINGS "${TOKENSCOPE_LINUX_DIR}/rpm-changelog" rpm_changelog_head LIMIT_COUNT 1)
file(READ "${CMAKE_SOURCE_DIR}/resources/nl.tokenscope.Tokenscope.metainfo.xml" metainfo)
if(NOT debian_changelog_head MATCHES "^tokenscope \\(${PROJECT_VERSION}\\) "
    OR NOT rpm_changelog_head MATCHES " - ${PROJECT_VERSION}-1$"
    OR NOT metainfo MATCHES "<release version=\"${PROJECT_VERSION}\"")
    message(FATAL_ERROR "Version ${PROJECT_VERSION} needs an entry at the top of installer/linux/changelog, "
        "installer/linux/rpm-changelog and the <releases> of the metainfo file.")
endif()

# Debian policy §12.7 and §12.1: the changelog and the manual page are installed compressed with
# gzip -9n (no name or time stamp, so the package is reproducible).
find_program(TOKENSCOPE_GZIP gzip REQUIRED)
set(compressed_dir "${CMAKE_BINARY_DIR}/installer/linux")
set(compressed_files)
foreach(source IN ITEMS "${TOKENSCOPE_LINUX_DIR}/changelog" "${CMAKE_SOURCE_DIR}/man/tokenscope.1"
        "${CMAKE_SOURCE_DIR}/man/tokenscope-cli.1")
    get_filename_component(name "${source}" NAME)
    add_custom_command(OUTPUT "${compressed_dir}/${name}.gz"
        COMMAND "${CMAKE_COMMAND}" -E copy "${source}" "${compressed_dir}/${name}"
        COMMAND "${TOKENSCOPE_GZIP}" -9nf "${compressed_dir}/${name}"
        DEPENDS "${source}"
        COMMENT "Compressing ${name}"
        VERBATIM)
    list(APPEND compressed_files "${compressed_dir}/${name}.gz")
endforeach()
add_custom_target(tokenscope_linux_docs ALL DEPENDS ${compressed_files})

set(TOKENSCOPE_PACKAGE_DOCDIR "${CMAKE_INSTALL_DATADIR}/doc/tokenscope")
install(FILES "${TOKENSCOPE_LINUX_DIR}/copyright" "${compressed_dir}/changelog.gz"
    DESTINATION "${TOKENSCOPE_PACKAGE_DOCDIR}")
install(FILES "${compressed_dir}/tokenscope.1.gz" "${compressed_dir}/tokenscope-cli.1.gz"
    DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")

# Qt's standard project setup gives the installed executable the run path $ORIGIN:$ORIGIN/../lib for
# self-contained installs. A package installs into /usr, where Qt is found in the system library path;
# a run path there only widens the search (rpmlint: binary-or-shlib-defines-rpath).
set_target_properties(tokenscope tokenscope-cli tokenscope_weblogin PROPERTIES INSTALL_RPATH "")

set(TOKENSCOPE_PACKAGE_DESCRIPTION
    "Tokenscope is a desktop client for APIs protected by OAuth 2.0 and
OpenID Connect. It signs in through an embedded browser window or the
system browser, keeps refresh tokens in the system keychain (Secret
Service), sends requests with the access token attached and shows every
step of the flow.")

# .deb
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY on the first line itself.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${TOKENSCOPE_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dpkg-shlibdeps derives the libraries the binaries link; QtKeychain opens the Secret Service client
# library with dlopen at run time, which no tool can see.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libsecret-1-0")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager")
# Files and directories root-owned with 0644/0755 whatever the umask of the build (lintian:
# control-file-has-bad-permissions).
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# .rpm: rpmbuild derives Requires from the ELF files (AutoReq), as sonames such as
# libQt6Core.so.6()(64bit) that Fedora and openSUSE packages both provide.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_LICENSE "LicenseRef-proprietary")
set(CPACK_RPM_PACKAGE_GROUP "Development/Tools")
set(CPACK_RPM_PACKAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RPM_PACKAGE_VENDOR "Tokenscope")
set(CPACK_RPM_PACKAGE_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RPM_PACKAGE_DESCRIPTION "${TOKENSCOPE_PACKAGE_DESCRIPTION}")
# Not relocatable: the desktop file, icons and metainfo only work below /usr/share.
set(CPACK_PACKAGE_RELOCATABLE OFF)
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_PACKAGE_AUTOPROV OFF)
# The one requirement rpm cannot derive: QtKeychain opens libsecret with dlopen at run time.
if(CMAKE_SIZEOF_VOID_P EQUAL 8)
    set(CPACK_RPM_PACKAGE_REQUIRES "libsecret-1.so.0()(64bit)")
else()
    set(CPACK_RPM_PACKAGE_REQUIRES "libsecret-1.so.0")
endif()
set(CPACK_RPM_CHANGELOG_FILE "${TOKENSCOPE_LINUX_DIR}/rpm-changelog")
# The same files as the .deb: no /usr/lib/.build-id links, and no ownership of directories that the
# filesystem, hicolor-icon-theme or man packages own.
set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none
%define packager ${CPACK_PACKAGE_CONTACT}")
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications
    /usr/share/icons
    /usr/share/icons/hicolor
    /usr/share/icons/hicolor/256x256
    /usr/share/icons/hicolor/256x256/apps
    /usr/share/icons/hicolor/scalable
    /usr/share/icons/hicolor/scalable/apps
    /usr/share/man
    /usr/share/man/man1
    /usr/share/metainfo)
set(CPACK_RPM_USER_FILELIST "%license /usr/${TOKENSCOPE_PACKAGE_DOCDIR}/copyright")
