/// Which stores hold a token for each key, read from their listings (never their secrets).
///
/// Kept as bits of the stores' indices rather than an array of stores per key: a token file of
/// 10,000 organizations would otherwise cost 10,000 small allocations on every listing, and the
/// account manager lists (and runs doctor) after every change.
struct TokenHolders {
    private let stores: [any CredentialStore]
    private var bits: [CredentialKey: UInt64] = [:]
    /// Shared among rows held by the same stores.
    private var kinds: [UInt64: [StoreKind]] = [0: []]

    init(stores: [any CredentialStore], ignoring ignored: CredentialKey? = nil) throws(CredentialError) {
        precondition(stores.count <= UInt64.bitWidth, "more stores than bits")
        self.stores = stores
        for (index, store) in stores.enumerated() {
            for key in try store.storedKeys() where key != ignored {
                bits[key, default: 0] |= 1 << index
            }
        }
    }

    var keys: Dictionary<CredentialKey, UInt64>.Keys { bits.keys }

    func holds(_ key: CredentialKey) -> Bool { bits[key] != nil }

    func count(for key: CredentialKey) -> Int { bits[key]?.nonzeroBitCount ?? 0 }

    /// The stores holding the key, in reading order.
    func stores(for key: CredentialKey) -> [any CredentialStore] {
        let mask = bits[key] ?? 0
        return stores.indices.filter { mask & (1 << $0) != 0 }.map { stores[$0] }
    }

    /// The kinds of the stores holding the key, in reading order.
    mutating func kinds(for key: CredentialKey) -> [StoreKind] {
        let mask = bits[key] ?? 0
        if let shared = kinds[mask] { return shared }
        let list = stores(for: key).map(\.kind)
        kinds[mask] = list
        return list
    }
}
