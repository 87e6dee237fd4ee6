// fault_blocks_serial.cu: a fault in one block of many with one worker,
// the launching thread, which must survive it (fault_blocks.h).
#include "fault_blocks.h"

int main()
{
    return fault_blocks_main("fault_blocks_serial", "1");
}
