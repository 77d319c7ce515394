/// Where a token may travel over plain `http://`, which anyone on the path can read: to this
/// machine (`localhost`, 127.0.0.0/8, ::1), or elsewhere only when the person said so explicitly
/// (`--allow-http`), and never to Azure DevOps Services, which is only served over https (a
/// typo such as `http://dev.azure.com/x` would otherwise send the token before any redirect).
///
/// Applied by `AccountManager` wherever a credential is about to be sent or stored for later
/// use: login (with or without its check), verification, and `status --check`.
extension OrganizationURL {
    /// Why a credential must not go to this organization, as bad input; nil when it may.
    public func cleartextRefusal(allowingHTTP: Bool) -> CredentialError? {
        let parts = self.parts
        guard parts.scheme == "http" else { return nil }
        let host = parts.host
        if host.isLoopback { return nil }
        let secure = "https" + url.dropFirst("http".count)
        if host.isAzureDevOpsServices {
            return .invalidInput(
                "\(Printable.sanitized(canonicalURL)) is Azure DevOps Services, which is only served over https: http:// would send the token unencrypted. Use \(Printable.sanitized(secure))."
            )
        }
        if allowingHTTP { return nil }
        return .invalidInput(
            "\(Printable.sanitized(canonicalURL)) would send the token unencrypted to \(Printable.sanitized(host.ascii)).",
            hint: .allowHTTP)
    }
}

extension AccountManager {
    /// Throws, as bad input, when a credential must not be sent to this organization (see
    /// `OrganizationURL.cleartextRefusal`); `allowsHTTP` is the person's explicit permission.
    public func requireProtectedTransport(to organization: OrganizationURL) throws(CredentialError) {
        if let refusal = organization.cleartextRefusal(allowingHTTP: allowsHTTP) { throw refusal }
    }
}
