#!/bin/bash
# A bad limit or property fails before anything is created: exit 125, one
# line naming the value, no unit.
. ./lib.sh

before=$(taskscope_units)
check() { expect_launcher_error "$1" taskscope run -q "${@:2}" -- true; }
check "invalid value '0' for --memory" --memory 0
check "invalid value '12Q' for --memory" --memory 12Q
check "invalid value '99999999999T' for --memory-max" --memory-max 99999999999T
check "is above --memory-max" --memory 2G --memory-max 1G
check "invalid value '1' for --cpu-shares" --cpu-shares 1
check "invalid value '10001' for --cpu-weight" --cpu-weight 10001
check "--cpu-shares and --cpu-weight" --cpu-shares 512 --cpu-weight 50
check "invalid value '3-1' for --cpus" --cpus 3-1
check "invalid value '0' for --cpu-quota" --cpu-quota 0
check "invalid value 'x' for --pids-max" --pids-max x
check "invalid value '/dev/nope' for --device" --device /dev/nope
check "invalid value '/etc/passwd' for --device" --device /etc/passwd
check "invalid value '/dev/null:/dev/n:rwx' for --device" --device /dev/null:/dev/n:rwx
check "unknown property 'Bogus'" -p Bogus=1
check "invalid property 'NoEquals'" -p NoEquals
check "invalid value 'lots' for property MemoryMax" -p MemoryMax=lots
check "invalid value 'SIGNOPE' for property KillSignal" -p KillSignal=SIGNOPE
check "invalid value 'forever' for property RuntimeMaxSec" -p RuntimeMaxSec=forever
check "invalid value 'open' for property DevicePolicy" -p DevicePolicy=open
check "property Delegate cannot be set" -p Delegate=no
[ "$(taskscope_units)" = "$before" ] || fail "units appeared: $(taskscope_units)"
