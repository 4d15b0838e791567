// OpenBLAS' CBLAS interface (pkg-config openblas puts its include folder on the path).
#include <cblas.h>
// Declared by OpenBLAS; not part of the CBLAS standard.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
// LAPACK's symmetric eigensolver (divide and conquer), which OpenBLAS ships: FID's matrix square roots.
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);
