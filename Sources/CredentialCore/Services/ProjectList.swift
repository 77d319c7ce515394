#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An organization's projects, as `GET {organization}/_apis/projects` lists them to a PAT: every
/// page, following the `x-ms-continuationtoken` header, with the token sent exactly as a check
/// sends it (Basic, redirects never followed). Each page's body and the number of pages are
/// bounded, so a server that never stops answering cannot hold the list or the memory.
public struct ProjectList: Sendable {
    public var timeout: Duration
    /// `$top`: how many projects a page asks for.
    public var pageSize: Int
    public var maximumPages: Int
    public var maximumBodySize: Int
    /// All pages together: a server that ignores `$top` fills each page to `maximumBodySize`
    /// with short names (some 300,000 a page), which over every page would be gigabytes.
    public var maximumProjects: Int

    public init(
        timeout: Duration = .seconds(20), pageSize: Int = 500, maximumPages: Int = 200,
        maximumBodySize: Int = 4 << 20, maximumProjects: Int = 100_000
    ) {
        self.timeout = timeout
        self.pageSize = pageSize
        self.maximumPages = maximumPages
        self.maximumBodySize = maximumBodySize
        self.maximumProjects = maximumProjects
    }

    /// The names of the projects the token can see, sorted without regard to case; a failure
    /// says which page and why, in one line.
    public func names(of organization: OrganizationURL, token: PersonalAccessToken)
        async throws(CredentialError)
        -> [String]
    {
        let base = String(organization.connectionDataURL.dropLast("connectionData".count)) + "projects"
        let name = Printable.sanitized(organization.canonicalURL)
        var names: [String] = []
        var continuation: String?
        var seen = Set<String>()
        for page in 1...maximumPages {
            var url = base + "?api-version=7.1&$top=\(pageSize)"
            if let continuation { url += "&continuationToken=" + Self.queryEncoded(continuation) }
            let milliseconds = HTTPExchange.milliseconds(timeout)
            let limit = maximumBodySize
            let headers = [
                HTTPExchange.basicAuthorization(token), Array("Accept: application/json".utf8),
                Array("X-TFS-FedAuthRedirect: Suppress".utf8),
            ]
            let exchange = await Blocking.run { [url] in
                HTTPExchange.perform(
                    method: "GET", url: url, headers: headers, body: nil, timeoutMilliseconds: milliseconds,
                    limit: limit)
            }
            let response: HTTPExchange.Response
            switch exchange {
            case .failure(let failure):
                let which = page == 1 ? "" : " (page \(page))"
                throw .init(
                    .unreachable, "Could not list the projects of \(name)\(which): \(failure.reason).")
            case .success(let answer): response = answer
            }
            let pageNames = try Self.classify(response, organization: name, page: page, limit: limit)
            names += pageNames
            if names.count > maximumProjects {
                throw .init(
                    .unreachable, "\(name) lists more than \(maximumProjects) projects; the list stops there."
                )
            }
            guard let next = response.continuation, !pageNames.isEmpty else {
                return Self.sorted(names)
            }
            // A server that answers the same token again would be asked forever.
            guard seen.insert(next).inserted else {
                throw .init(
                    .unreachable, "\(name) gave the same continuation token twice; the project list stops.")
            }
            continuation = next
        }
        throw .init(
            .unreachable,
            "\(name) has more than \(maximumPages) pages of projects (\(names.count) read); the list stops there."
        )
    }

    private struct Page: Decodable {
        struct Project: Decodable { let name: String }
        let value: [Project]
    }

    static func classify(_ response: HTTPExchange.Response, organization: String, page: Int, limit: Int)
        throws(CredentialError) -> [String]
    {
        let which = page == 1 ? "" : " (page \(page))"
        let status = response.status
        switch status {
        case 401, 403, 203:
            throw .init(
                .rejected,
                "\(organization) refused the token (HTTP \(status)): it may have expired, or lack the Project and Team (Read) scope."
            )
        case 300..<400:
            let target = response.redirectLocation.map { " to " + Printable.sanitized($0, limit: 120) } ?? ""
            throw .init(.unreachable, "\(organization) redirected the project list\(target); not followed.")
        case 404:
            throw .init(
                .unreachable,
                "\(organization) has no project list (HTTP 404): is it an Azure DevOps organization?")
        case 200..<300: break
        default:
            throw .init(.unreachable, "\(organization) answered HTTP \(status) for its projects\(which).")
        }
        if response.bodyTruncated {
            throw .init(
                .unreachable,
                "\(organization)'s project list\(which) is larger than \(limit >> 20) MiB; it stops there.")
        }
        if response.continuationTruncated {
            throw .init(.unreachable, "\(organization)'s continuation token is too long to follow.")
        }
        guard let decoded = try? JSONDecoder().decode(Page.self, from: Data(response.body)) else {
            throw .init(.unreachable, "\(organization) did not answer with a project list\(which).")
        }
        return decoded.value.map(\.name).filter { !$0.isEmpty }
    }

    /// Case-insensitive, then exact, so that the order never depends on the pages' order.
    static func sorted(_ names: [String]) -> [String] {
        names.map { (key: Array($0.lowercased().utf8), name: $0) }
            .sorted { $0.key != $1.key ? $0.key.lexicographicallyPrecedes($1.key) : $0.name < $1.name }
            .map(\.name)
    }

    /// Everything but unreserved characters percent-encoded: the token is the server's, not ours.
    static func queryEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                encoded += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return encoded
    }
}

extension AccountManager {
    /// The projects of an organization, listed with the token commands for it use (its own PAT,
    /// else the default credential or a PAT variable). Refused over plain http like any use of
    /// a token (see `cleartextRefusal`).
    public func projects(of organization: OrganizationURL, list: ProjectList = ProjectList())
        async throws(CredentialError) -> [String]
    {
        try requireProtectedTransport(to: organization)
        let resolved = try await Blocking.run { () throws(CredentialError) in
            try requireToken(for: organization)
        }
        return try await list.names(of: organization, token: resolved.token)
    }
}
