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
                case .verified(.rejected, _), .verified(.expired, _), .noToken: .rejected
                case .verified(.unreachable, _), .verified(.unexpected, _): .unreachable
                case .failed(let error): error.kind
                }
            }
        }

        public let organization: OrganizationURL
        public let outcome: Outcome
        /// Time spent waiting for the service.
        public let latency: Duration

        /// The stored credential whose token was checked; nil for a PAT variable or no token.
        public var credential: CredentialKey? {
            switch outcome {
            case .verified(_, .organization(let key, _)): key
            case .verified(_, .defaultCredential): .defaultCredential
            default: nil
            }
        }
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

    /// Checks the default credential itself against an organization (the default one, say),
    /// whatever token the organization would otherwise use.
    public func checkDefaultCredential(against organization: OrganizationURL) async -> Check {
        let found: (PersonalAccessToken, StoreKind)?
        do {
            try requireProtectedTransport(to: organization)
            found = try await Blocking.run {
                () throws(CredentialError) -> (PersonalAccessToken, StoreKind)? in
                for store in stores {
                    if let token = try store.token(for: .defaultCredential) { return (token, store.kind) }
                }
                return nil
            }
        } catch {
            return Check(organization: organization, outcome: .failed(error), latency: .zero)
        }
        guard let (token, store) = found else {
            return Check(organization: organization, outcome: .noToken, latency: .zero)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let result = await verifier.verify(token, for: organization)
        return Check(
            organization: organization, outcome: .verified(result, source: .defaultCredential(store)),
            latency: clock.now - start)
    }

    /// Remembers what these checks found about the stored tokens they used, in one change of
    /// ado-accounts.state (a batch is one transaction, not one per organization). A check is
    /// never failed by its record: the warning to show when it could not be written, else nil.
    public func remember(_ checks: [Check]) -> String? {
        let answers: [(CredentialKey, VerificationResult)] = checks.compactMap { check in
            guard let key = check.credential, case .verified(let result, _) = check.outcome else {
                return nil
            }
            return (key, result)
        }
        guard !answers.isEmpty else { return nil }
        let stamp = now()
        do {
            try remember { memory in
                for (key, result) in answers {
                    memory[credential: key].noteCheck(result, at: stamp)
                }
            }
            return nil
        } catch {
            return "The check's result was not remembered: \(error.message)"
        }
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
