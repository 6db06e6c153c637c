# What `cmake --install` puts in place besides the binary, and the Debian package `cpack -G DEB`
# builds from the same rules. Included from the top-level CMakeLists.txt after the binary's rule.

# The man page, written by hand in roff (docs/streamlint.1).
install(FILES "${PROJECT_SOURCE_DIR}/docs/streamlint.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")

# bash: bash-completion loads share/bash-completion/completions/<command> on demand.
install(FILES "${PROJECT_SOURCE_DIR}/completions/streamlint.bash"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" RENAME streamlint)

# zsh: a directory of $fpath. Debian's zsh reads /usr/share/zsh/vendor-completions for packages and
# /usr/local/share/zsh/site-functions for local installs; the prefix is only known at install time
# (cpack installs into a staging prefix that ends in /usr), so the choice is made then.
set(STREAMLINT_ZSH_COMPLETION_DIR "" CACHE STRING
    "Where _streamlint is installed, relative to the prefix (default: share/zsh/vendor-completions under a /usr prefix, else share/zsh/site-functions)")
if(STREAMLINT_ZSH_COMPLETION_DIR)
  install(FILES "${PROJECT_SOURCE_DIR}/completions/_streamlint" DESTINATION "${STREAMLINT_ZSH_COMPLETION_DIR}")
else()
  install(CODE "
    if(CMAKE_INSTALL_PREFIX MATCHES \"(^|/)usr/?$\")
      set(_sl_zsh_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions\")
    else()
      set(_sl_zsh_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/site-functions\")
    endif()
    file(INSTALL DESTINATION \"\${_sl_zsh_dir}\" TYPE FILE FILES \"${PROJECT_SOURCE_DIR}/completions/_streamlint\")
  ")
endif()

# --- the Debian package: cpack -G DEB ----------------------------------------------------------------
# Build first (`cmake --build`), then package: cpack and `make install` do not rebuild everything
# (the tests package a finished build while other tests run).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_PACKAGE_NAME "streamlint")
set(CPACK_PACKAGE_VENDOR "streamlint")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "streamlint reads Kafka .properties, Flink flink-conf.yaml and config.yaml, Elasticsearch index
settings JSON and jvm.options exactly as their products do, and reports what would stop a deploy,
what silently has no effect and what deviates from the tuning guide, each at its line and column.
Reports as text, JSON, SARIF, GitHub annotations, GitLab Code Quality, JUnit and checkstyle;
baselines and changed-files mode for CI gates.")
set(CPACK_PACKAGE_CONTACT "streamlint maintainers <streamlint@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # streamlint_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
# The shared libraries the binary links, by their Debian 12 package names (`dpkg -S` on each); a static
# build (STREAMLINT_STATIC) links none.
if(NOT STREAMLINT_STATIC)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6 (>= 2.34), libgcc-s1 (>= 3.0), libstdc++6 (>= 12), libyaml-cpp0.7 (>= 0.7.0), libfmt9 (>= 9.1.0)")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "git, bash-completion")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/")
include(CPack)
