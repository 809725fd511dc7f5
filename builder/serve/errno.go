package serve

import "syscall"

const syscallEADDRINUSE = syscall.EADDRINUSE
