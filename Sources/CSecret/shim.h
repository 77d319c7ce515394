// libsecret's real headers. Only the ABI check in the tests imports this module: the product
// loads libsecret with dlopen (see Sources/SecretShim), so nothing here is linked into it.
#include <libsecret/secret.h>
