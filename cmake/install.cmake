# `cmake --install`: the public headers, libintent.so, intentc, a CMake
# package (find_package(intent) -> intent::intent) and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS intent EXPORT intentTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS intentc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/intent DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(INTENT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/intent)
install(EXPORT intentTargets NAMESPACE intent:: DESTINATION ${INTENT_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/intentConfig.cmake.in
  ${PROJECT_BINARY_DIR}/intentConfig.cmake INSTALL_DESTINATION ${INTENT_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/intentConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/intentConfig.cmake ${PROJECT_BINARY_DIR}/intentConfigVersion.cmake
  DESTINATION ${INTENT_CMAKE_DIR})

file(RELATIVE_PATH INTENT_PC_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(${PROJECT_SOURCE_DIR}/cmake/intent.pc.in ${PROJECT_BINARY_DIR}/intent.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/intent.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
