// libsecret's real headers, which SecretShim compiles against. The module links nothing (no
// `link` here, and libsecret-headers.pc passes on no library): the product loads libsecret with
// dlopen, see Sources/SecretShim/library.c.
#include <libsecret/secret.h>
