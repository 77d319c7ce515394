extension AccountManager {
    /// The store a login writes the token for `key` to, given the stores that hold one now (in
    /// reading order). With `auto`, a token is updated where it is: one that az devops reads
    /// from the file stays in the file, one in the keyring stays there (moving them is
    /// `migrate`'s job), and a new one goes where new tokens go. A store named with `--store`
    /// or `ADO_ACCOUNTS_STORE` takes every token. The other stores' copies are then removed.
    func loginTarget(for key: CredentialKey, heldBy holders: [StoreKind]) -> any CredentialStore {
        guard preference == .auto, !holders.contains(writeKind),
            let holder = stores.first(where: { holders.contains($0.kind) })
        else { return writeStore }
        return holder
    }
}
