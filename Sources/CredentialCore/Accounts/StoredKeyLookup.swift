extension AccountManager {
    /// The stored key that `logout --organization TEXT` means. Normally TEXT's key as an
    /// organization URL. When ado-accounts does not accept TEXT as typed, a listed key it names
    /// exactly: the whole key (`azdevops-cli:…`, as `list` shows a raw key), the key az derived
    /// with user information kept (`https://user@dev.azure.com/org`), or `azdevops-cli:` + TEXT.
    /// Otherwise the reason TEXT is not an organization.
    public func storedKey(named text: String) throws(CredentialError) -> CredentialKey {
        let refusal: CredentialError
        do { return try OrganizationURL(text).key } catch { refusal = error }
        var candidates: [CredentialKey] = []
        if let whole = CredentialKey(stored: text) { candidates.append(whole) }
        if let stored = try? OrganizationURL(stored: text) { candidates.append(stored.key) }
        if let suffixed = CredentialKey(stored: CredentialKey.prefix + text) { candidates.append(suffixed) }
        let list = try accounts()
        if let key = candidates.first(where: { list.row(for: $0) != nil }) { return key }
        throw refusal
    }
}
