#ifndef ADO_SECRET_ABI_CHECK_H
#define ADO_SECRET_ABI_CHECK_H

/// The libsecret version the check was compiled against, e.g. 2005 for 0.20.5. The check itself
/// happens at compile time: this target does not build when the shim's declarations differ.
int ado_secret_abi_checked_version(void);

#endif
