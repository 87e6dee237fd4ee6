// fault_blocks.cu: a fault in one block of many, with the default worker
// count (fault_blocks.h).
#include "fault_blocks.h"

int main()
{
    return fault_blocks_main("fault_blocks", NULL);
}
