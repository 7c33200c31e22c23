// The system zlib (Debian: zlib1g-dev), for the compressed bundles of execution history.
#include <zlib.h>
