#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `authenticatedUser` of a connectionData answer; the only part verification needs.
struct AuthenticatedUser: Equatable {
    let id: String
    let displayName: String
    /// `properties.Account.$value`: the account's sign-in name (an e-mail address).
    var email: String? = nil

    private struct Payload: Decodable {
        struct User: Decodable {
            let id: String
            let providerDisplayName: String?
            let customDisplayName: String?
            let properties: Properties?
        }
        struct Properties: Decodable {
            let account: Property?
            enum CodingKeys: String, CodingKey { case account = "Account" }
        }
        /// The service's property bag entry: `{"$type": "System.String", "$value": "…"}`.
        struct Property: Decodable {
            let value: String?
            enum CodingKeys: String, CodingKey { case value = "$value" }
        }
        let authenticatedUser: User
    }

    /// nil unless the bytes are a JSON object with `authenticatedUser.id` as a string.
    static func parse(_ bytes: [UInt8]) -> AuthenticatedUser? {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(bytes)) else { return nil }
        let user = payload.authenticatedUser
        guard !user.id.isEmpty else { return nil }
        let name = [user.providerDisplayName, user.customDisplayName].compactMap { $0 }.first { !$0.isEmpty }
        let email = user.properties?.account?.value.flatMap { $0.isEmpty ? nil : $0 }
        return AuthenticatedUser(id: user.id, displayName: name ?? "", email: email)
    }
}
