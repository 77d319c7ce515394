import SecretABICheck
import Testing

/// The shim declares libsecret's ABI itself (so the product does not link it); SecretABICheck
/// compiles those declarations against the real headers and fails the build on any difference.
@Test func shimDeclarationsWereCheckedAgainstTheInstalledHeaders() {
    // 0.20.0 added the item and search flags the shim uses.
    #expect(ado_secret_abi_checked_version() >= 2000)
}
