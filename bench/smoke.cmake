# ctest bench_smoke: runs `gprime-bench --quick --n 4096 --threads 1`; passes
# when it exits with 0 and printed at least one gprime row.  Speed is never checked.
execute_process(COMMAND ${BENCH} --quick --n 4096 --threads 1 RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gprime-bench exited with ${rc}\n${err}\n${out}")
endif()
if(NOT out MATCHES "\nsigmoid +forward +f32 +4096 +1 +gprime-")
  message(FATAL_ERROR "gprime-bench printed no sigmoid forward row:\n${out}")
endif()
message(STATUS "gprime-bench smoke run ok")
