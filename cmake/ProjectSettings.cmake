# One INTERFACE target carries the project-wide settings; every target links it.
add_library(tokenscope_settings INTERFACE)
add_library(Tokenscope::Settings ALIAS tokenscope_settings)

target_compile_features(tokenscope_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)

target_compile_definitions(tokenscope_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    TOKENSCOPE_VERSION="${PROJECT_VERSION}")

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(tokenscope_settings INTERFACE
        -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual
        -Wshadow -Wcast-align -Wformat=2)
    if(TOKENSCOPE_WARNINGS_AS_ERRORS)
        target_compile_options(tokenscope_settings INTERFACE -Werror)
    endif()
    if(TOKENSCOPE_SANITIZE)
        target_compile_options(tokenscope_settings INTERFACE
            -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
        target_link_options(tokenscope_settings INTERFACE -fsanitize=address,undefined)
    endif()
    if(TOKENSCOPE_FUZZ)
        if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
            message(FATAL_ERROR "TOKENSCOPE_FUZZ needs clang (libFuzzer); use the fuzz preset")
        endif()
        # The engine gets libFuzzer's coverage instrumentation; only the fuzz executables link its main.
        target_compile_options(tokenscope_settings INTERFACE
            -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
        target_link_options(tokenscope_settings INTERFACE -fsanitize=address,undefined)
    endif()
    if(TOKENSCOPE_HARDENED)
        target_compile_definitions(tokenscope_settings INTERFACE _FORTIFY_SOURCE=3 _GLIBCXX_ASSERTIONS)
        target_compile_options(tokenscope_settings INTERFACE -fstack-protector-strong)
    endif()
elseif(MSVC)
    target_compile_options(tokenscope_settings INTERFACE /W4 /permissive- /utf-8)
    if(TOKENSCOPE_WARNINGS_AS_ERRORS)
        target_compile_options(tokenscope_settings INTERFACE /WX)
    endif()
endif()
