# Lets clang compile against Debian's ANTLR 4.9 runtime headers (the fuzz
# preset builds with clang). The umbrella header antlr4-runtime.h includes
# misc/InterpreterDataReader.h, whose `InterpreterData() {}` default-
# constructs a dfa::Vocabulary with a const member and no initializer: GCC
# accepts it, clang 14 rejects it with a hard error (no warning flag
# helps). So, for clang only, a copy of those two headers is written into
# the build tree with that one constructor deleted (nothing of ours makes an
# InterpreterData) and searched before the real ones; the copied umbrella's
# quoted includes find the patched header beside it and every other header
# in the real directory. Nothing third-party is committed.
#
# intent_antlr_clang_compat(TARGET) — adds the patched headers to TARGET's
# SYSTEM include path; call before adding ${ANTLR4_INCLUDE_DIR}.
function(intent_antlr_clang_compat target)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    return()
  endif()
  set(compat ${CMAKE_BINARY_DIR}/antlr4-clang-compat)
  file(READ ${ANTLR4_INCLUDE_DIR}/misc/InterpreterDataReader.h header)
  string(REPLACE "InterpreterData() {};" "InterpreterData() = delete;" patched "${header}")
  if(patched STREQUAL header)
    message(FATAL_ERROR "antlr_clang_compat: ${ANTLR4_INCLUDE_DIR}/misc/InterpreterDataReader.h "
                        "changed; check whether clang still needs this workaround")
  endif()
  # Through configure_file, which writes only when the content changed: a
  # new timestamp on every configure would rebuild everything parsing-related.
  file(WRITE ${CMAKE_BINARY_DIR}/InterpreterDataReader.h.patched "${patched}")
  configure_file(${CMAKE_BINARY_DIR}/InterpreterDataReader.h.patched
                 ${compat}/misc/InterpreterDataReader.h COPYONLY)
  file(COPY ${ANTLR4_INCLUDE_DIR}/antlr4-runtime.h DESTINATION ${compat})
  target_include_directories(${target} SYSTEM INTERFACE ${compat})
endfunction()
