# Stands in for Qt's deploy support (QtDeploySupport.cmake) when scripts/check-installers.sh runs the
# generated deploy script on Linux as if on Windows or macOS. qt_deploy_runtime_dependencies accepts
# exactly the keywords of Qt 6.8's (the version the release workflow pins), fails on any other, and
# writes what it was given to TOKENSCOPE_DEPLOY_RECORD instead of running windeployqt or macdeployqt.
cmake_minimum_required(VERSION 3.21)

set(QT_DEPLOY_PREFIX "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}")
set(QT_DEPLOY_BIN_DIR "bin")
set(QT_DEPLOY_LIB_DIR "lib")
set(QT_DEPLOY_PLUGINS_DIR "plugins")
set(QT_DEPLOY_QML_DIR "qml")
set(QT_DEPLOY_TRANSLATIONS_DIR "translations")

function(qt_deploy_runtime_dependencies)
    cmake_parse_arguments(PARSE_ARGV 0 arg
        "GENERATE_QT_CONF;VERBOSE;NO_OVERWRITE;NO_APP_STORE_COMPLIANCE;NO_TRANSLATIONS;NO_COMPILER_RUNTIME"
        "EXECUTABLE;BIN_DIR;LIB_DIR;PLUGINS_DIR;QML_DIR"
        "ADDITIONAL_EXECUTABLES;ADDITIONAL_LIBRARIES;ADDITIONAL_MODULES;DEPLOY_TOOL_OPTIONS;PRE_INCLUDE_REGEXES;PRE_EXCLUDE_REGEXES;POST_INCLUDE_REGEXES;POST_EXCLUDE_REGEXES;POST_INCLUDE_FILES;POST_EXCLUDE_FILES")
    if(arg_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "qt_deploy_runtime_dependencies: Qt 6.8 does not take: ${arg_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT arg_EXECUTABLE)
        message(FATAL_ERROR "qt_deploy_runtime_dependencies: EXECUTABLE must be specified")
    endif()
    set(record "")
    foreach(keyword IN ITEMS EXECUTABLE ADDITIONAL_MODULES DEPLOY_TOOL_OPTIONS GENERATE_QT_CONF
            NO_TRANSLATIONS NO_COMPILER_RUNTIME NO_APP_STORE_COMPLIANCE)
        string(APPEND record "${keyword}=${arg_${keyword}}\n")
    endforeach()
    file(WRITE "${TOKENSCOPE_DEPLOY_RECORD}" "${record}")
endfunction()
