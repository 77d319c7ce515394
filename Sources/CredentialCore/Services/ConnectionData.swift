#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `authenticatedUser` of a connectionData answer; the only part verification needs.
struct AuthenticatedUser: Equatable {
    let id: String
    let displayName: String

    private struct Payload: Decodable {
        struct User: Decodable {
            let id: String
            let providerDisplayName: String?
            let customDisplayName: String?
        }
        let authenticatedUser: User
    }

    /// nil unless the bytes are a JSON object with `authenticatedUser.id` as a string.
    static func parse(_ bytes: [UInt8]) -> AuthenticatedUser? {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(bytes)) else { return nil }
        let user = payload.authenticatedUser
        guard !user.id.isEmpty else { return nil }
        let name = [user.providerDisplayName, user.customDisplayName].compactMap { $0 }.first { !$0.isEmpty }
        return AuthenticatedUser(id: user.id, displayName: name ?? "")
    }
}
