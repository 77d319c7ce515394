/// Verification of stored organizations, one or many at a time, for `verify` and the TUI.
extension AccountManager {
    public struct Check: Sendable {
        public enum Outcome: Sendable, Equatable {
            case verified(VerificationResult, source: TokenSource)
            /// Neither the organization, the default credential nor the environment has a token.
            case noToken
            /// The token could not be read (a store failed).
            case failed(CredentialError)

            /// How the check failed, in the terms of exit statuses and colours; nil when the token
            /// is valid. No token is a refusal: there was nothing the service could accept.
            public var failure: CredentialError.Kind? {
                switch self {
                case .verified(.valid, _): nil
                case .verified(.rejected, _), .noToken: .rejected
                case .verified(.unreachable, _), .verified(.unexpected, _): .unreachable
                case .failed(let error): error.kind
                }
            }
        }

        public let organization: OrganizationURL
        public let outcome: Outcome
        /// Time spent waiting for the service.
        public let latency: Duration
    }

    public func check(_ organization: OrganizationURL) async -> Check {
        let resolved: ResolvedToken?
        do {
            try requireProtectedTransport(to: organization)
            resolved = try await Blocking.run { () throws(CredentialError) in
                try resolveToken(for: organization)
            }
        } catch {
            return Check(organization: organization, outcome: .failed(error), latency: .zero)
        }
        guard let resolved else {
            return Check(organization: organization, outcome: .noToken, latency: .zero)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let result = await verifier.verify(resolved.token, for: organization)
        return Check(
            organization: organization, outcome: .verified(result, source: resolved.source),
            latency: clock.now - start)
    }

    /// Checks every organization with at most `concurrency` requests in flight, yielding each
    /// answer as it arrives.
    public func checkAll(_ organizations: [OrganizationURL], concurrency: Int = 8) -> AsyncStream<Check> {
        AsyncStream { continuation in
            let task = Task {
                await withTaskGroup(of: Check.self) { group in
                    var pending = organizations[...]
                    for _ in 0..<max(1, concurrency) {
                        guard let next = pending.popFirst() else { break }
                        group.addTask { await self.check(next) }
                    }
                    while let finished = await group.next() {
                        continuation.yield(finished)
                        if let next = pending.popFirst() { group.addTask { await self.check(next) } }
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

extension CredentialError.Kind {
    /// The failure that speaks for several checks: one that prevented checking at all (a store,
    /// bad input), then a definite answer (refused, nothing to send), then one that could not
    /// complete.
    public static func mostSevere(_ kinds: some Sequence<Self>) -> Self? {
        let order: [Self] = [.storage, .invalidInput, .notFound, .rejected, .unreachable]
        let present = Set(kinds)
        return order.first(where: present.contains)
    }
}
