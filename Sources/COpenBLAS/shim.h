// OpenBLAS' CBLAS interface (pkg-config openblas puts its include folder on the path).
#include <cblas.h>
// Declared by OpenBLAS; not part of the CBLAS standard.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
