import Foundation
import Synchronization

/// A local Azure DevOps organization with the PAT lifecycle API, on 127.0.0.1, for tests: the
/// five operations of `_apis/tokens/pats` as the API reference describes them (list paged with
/// a continuation token, get, create, update, revoke; answers `{patToken, patTokenError}`),
/// Bearer-only (an Entra token it was given; 401 for any other or for one it was told has
/// expired), and `_apis/connectionData`, which accepts exactly the PATs that are live here, so
/// that a check of a stored token says whether it works.
///
/// Organization URL: `baseURL/NAME` for any NAME; the API lives under the same base (how the
/// tool reaches an organization that is not Azure DevOps Services).
public final class LocalPATService: @unchecked Sendable {
    public struct Entry: Sendable, Equatable {
        public let authorizationID: String
        public var displayName: String
        public var scope: String
        public var validFrom: String
        public var validTo: String
        public var allOrgs: Bool
        public let token: String
        public var revoked = false
    }

    public struct Request: Sendable {
        public let method: String
        public let target: String
        public let headers: [String: String]
        public let body: String
    }

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public func organization(_ name: String) -> String { baseURL + "/" + name }

    private let listener: Int32
    private let stopped = Atomic<Bool>(false)
    private struct State {
        var bearers: [String: String] = [:]
        var expiredBearers: Set<String> = []
        var entries: [Entry] = []
        var requests: [Request] = []
        var refusals: [String: String] = [:]
        var nextGetAnswer: String?
        var nextAuthorizationID: String?
        var loopsPages = false
        var answers: [String: (status: Int, body: String)] = [:]
        var pageSize = 2
        var maximumDays: Int?
        var forbidFullScope = false
        var forbidGlobal = false
        var counter = 0
    }
    private let state = Mutex(State())
    /// The service's clock, fixed like the tool's (`ADO_ACCOUNTS_NOW`).
    public let now: Date

    public init(now: String = "2026-12-06T22:00:00Z") throws {
        self.now = ISO8601DateFormatter().date(from: now)!
        (listener, port) = try LoopbackListener.open()
        let thread = Thread { [self] in
            LoopbackListener.acceptConnections(
                on: listener, isStopped: { stopped.load(ordering: .sequentiallyConsistent) }
            ) { [self] client in
                serve(client)
                close(client)
            }
        }
        thread.start()
    }

    deinit { stop() }

    public func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    // MARK: - What the test arranges and sees

    /// An Entra token the API accepts, for a user.
    public func acceptBearer(_ token: String, user: String = "jane@contoso.com") {
        state.withLock { $0.bearers[token] = user }
    }

    /// The Entra token has expired: 401 from now on.
    public func expireBearer(_ token: String) {
        state.withLock { _ = $0.expiredBearers.insert(token) }
    }

    /// The next call of `operation` (create, update, revoke, get, list) is refused with this
    /// `patTokenError` and HTTP status.
    public func refuseNext(_ operation: String, with error: String) {
        state.withLock { $0.refusals[operation] = error }
    }

    /// The next get answers the entry of this authorization id, whatever it was asked for (a
    /// service or proxy that mixes up answers).
    public func answerNextGet(withEntryOf authorizationID: String) {
        state.withLock { $0.nextGetAnswer = authorizationID }
    }

    /// The next token made here gets this authorization id (hostile text, for tests).
    public func nameNextAuthorization(_ authorizationID: String) {
        state.withLock { $0.nextAuthorizationID = authorizationID }
    }

    /// The list's last page points back to the first, for ever (a service stuck in a loop).
    public func loopPages() { state.withLock { $0.loopsPages = true } }

    /// The next call of `operation` is answered with this status and body, whatever it asked.
    public func answerNext(_ operation: String, status: Int, body: String) {
        state.withLock { $0.answers[operation] = (status, body) }
    }

    public func setPageSize(_ size: Int) { state.withLock { $0.pageSize = size } }
    /// The organization's maximum PAT lifespan: creation is cut to it, an update beyond it refused.
    public func setMaximumLifespan(days: Int) { state.withLock { $0.maximumDays = days } }
    public func forbidFullScope() { state.withLock { $0.forbidFullScope = true } }
    /// Every entry valid for all organizations (no `targetAccounts`), as a global PAT is.
    public func makeEveryEntryGlobal() {
        state.withLock { state in for index in state.entries.indices { state.entries[index].allOrgs = true } }
    }

    /// A PAT made elsewhere (the web page): live here, returned for tests to paste.
    @discardableResult
    public func addPAT(name: String, scope: String = "vso.code", days: Int = 30, allOrgs: Bool = false)
        -> Entry
    {
        state.withLock {
            make(
                &$0, name: name, scope: scope, validTo: now.addingTimeInterval(Double(days) * 86_400),
                allOrgs: allOrgs)
        }
    }

    public var entries: [Entry] { state.withLock { $0.entries } }
    public var requests: [Request] { state.withLock { $0.requests } }

    /// Whether a PAT works here now: made here, not revoked, not expired.
    public func isLive(_ token: String) -> Bool {
        state.withLock { state in
            state.entries.contains {
                $0.token == token && !$0.revoked && (Self.date($0.validTo) ?? .distantPast) > now
            }
        }
    }

    public func entry(named name: String) -> Entry? { entries.last { $0.displayName == name } }

    // MARK: - Serving

    private func make(_ state: inout State, name: String, scope: String, validTo: Date, allOrgs: Bool)
        -> Entry
    {
        state.counter += 1
        let number = String(format: "%012d", state.counter)
        let entry = Entry(
            authorizationID: state.nextAuthorizationID.take() ?? "00000000-0000-4000-8000-\(number)",
            displayName: name, scope: scope,
            validFrom: Self.format(now), validTo: Self.format(validTo), allOrgs: allOrgs,
            token: "localpat\(number)" + String(repeating: "x", count: 32))
        state.entries.append(entry)
        return entry
    }

    private static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    private func serve(_ client: Int32) {
        guard let request = read(client) else { return }
        state.withLock { $0.requests.append(request) }
        let (path, query) = Self.split(request.target)
        let segments = path.split(separator: "/")
        if segments.count == 3, segments[1] == "_apis", segments[2] == "connectionData" {
            return answerConnectionData(client, request)
        }
        guard segments.count == 4, segments[1] == "_apis", segments[2] == "tokens", segments[3] == "pats",
            query["api-version"] == "7.1-preview.1"
        else { return respond(client, 404, "{\"message\":\"not found\"}") }
        let authorization = request.headers["authorization"] ?? ""
        let bearer = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)) : nil
        let user = state.withLock { state in
            bearer.flatMap { state.expiredBearers.contains($0) ? nil : state.bearers[$0] }
        }
        guard user != nil else {
            return respond(
                client, 401,
                "{\"message\":\"TF400813: The user is not authorized to access this resource.\"}",
                extra: ["X-TFS-ServiceError: TF400813"])
        }
        let operation: String
        switch request.method {
        case "GET": operation = query["authorizationId"] == nil ? "list" : "get"
        case "POST": operation = "create"
        case "PUT": operation = "update"
        case "DELETE": operation = "revoke"
        default: return respond(client, 405, "{}")
        }
        if let answer = state.withLock({ $0.answers.removeValue(forKey: operation) }) {
            return respond(client, answer.status, answer.body)
        }
        if let refusal = state.withLock({ $0.refusals.removeValue(forKey: operation) }) {
            return respond(client, 400, Self.result(nil, error: refusal))
        }
        switch operation {
        case "list": list(client, query)
        case "get": get(client, query["authorizationId"]!)
        case "create": create(client, request.body)
        case "update": update(client, request.body)
        default: revoke(client, query["authorizationId"] ?? "")
        }
    }

    private func answerConnectionData(_ client: Int32, _ request: Request) {
        if let token = TestHTTPServer.basicToken(request.headers["authorization"]), isLive(token) {
            respond(
                client, 200,
                TestHTTPServer.connectionData(
                    name: "Jane Doe", id: TestHTTPServer.identifier(for: "Jane Doe")))
        } else {
            respond(client, 401, "{\"message\":\"unauthorized\"}")
        }
    }

    private func list(_ client: Int32, _ query: [String: String]) {
        let (page, next) = state.withLock { state -> ([Entry], String) in
            let active = state.entries.filter { !$0.revoked && (Self.date($0.validTo) ?? .distantPast) > now }
                .sorted { $0.displayName < $1.displayName }
            let start = Int(query["continuationToken"] ?? "0") ?? 0
            let end = min(active.count, start + state.pageSize)
            let page = start < active.count ? Array(active[start..<end]) : []
            return (page, end < active.count ? String(end) : state.loopsPages ? "0" : "")
        }
        let tokens = page.map { Self.json($0, withToken: false) }.joined(separator: ",")
        respond(client, 200, "{\"continuationToken\":\"\(next)\",\"patTokens\":[\(tokens)]}")
    }

    private func get(_ client: Int32, _ asked: String) {
        let id = state.withLock { $0.nextGetAnswer.take() } ?? asked
        guard let entry = entries.first(where: { $0.authorizationID == id && !$0.revoked }) else {
            return respond(client, 404, Self.result(nil, error: "authorizationNotFound"))
        }
        respond(client, 200, Self.result(entry, error: "none"))
    }

    private struct Body: Decodable {
        var authorizationId: String?
        var displayName: String?
        var scope: String?
        var validTo: String?
        var allOrgs: Bool?
    }

    private func create(_ client: Int32, _ text: String) {
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(text.utf8)) else {
            return respond(client, 400, "{\"message\":\"bad body\"}")
        }
        if let refusal = policyRefusal(body) { return respond(client, 400, Self.result(nil, error: refusal)) }
        guard let name = body.displayName, !name.isEmpty else {
            return respond(client, 400, Self.result(nil, error: "displayNameRequired"))
        }
        guard let validTo = body.validTo.flatMap(Self.date), validTo > now else {
            return respond(client, 400, Self.result(nil, error: "invalidValidTo"))
        }
        let entry = state.withLock { state in
            // As the API reference says: beyond the policy's lifespan, the token gets the maximum.
            let limit = state.maximumDays.map { now.addingTimeInterval(Double($0) * 86_400) }
            return make(
                &state, name: name, scope: body.scope ?? "",
                validTo: limit.map { min($0, validTo) } ?? validTo,
                allOrgs: body.allOrgs ?? false)
        }
        respond(client, 200, Self.result(entry, error: "none", withToken: true))
    }

    private func update(_ client: Int32, _ text: String) {
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(text.utf8)),
            let id = body.authorizationId
        else { return respond(client, 400, "{\"message\":\"bad body\"}") }
        if let refusal = policyRefusal(body) { return respond(client, 400, Self.result(nil, error: refusal)) }
        let outcome = state.withLock { state -> Result<Entry, StringError> in
            guard let index = state.entries.firstIndex(where: { $0.authorizationID == id && !$0.revoked })
            else {
                return .failure(StringError("authorizationNotFound"))
            }
            guard let validTo = body.validTo.flatMap(Self.date), validTo > now else {
                return .failure(StringError("invalidValidTo"))
            }
            if let days = state.maximumDays, validTo > now.addingTimeInterval(Double(days) * 86_400) {
                return .failure(StringError("patLifespanPolicyViolation"))
            }
            if let name = body.displayName { state.entries[index].displayName = name }
            if let scope = body.scope { state.entries[index].scope = scope }
            if let allOrgs = body.allOrgs { state.entries[index].allOrgs = allOrgs }
            state.entries[index].validTo = Self.format(validTo)
            return .success(state.entries[index])
        }
        switch outcome {
        case .success(let entry): respond(client, 200, Self.result(entry, error: "none"))
        case .failure(let error): respond(client, 400, Self.result(nil, error: error.text))
        }
    }

    private func revoke(_ client: Int32, _ id: String) {
        let found = state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.authorizationID == id && !$0.revoked })
            else {
                return false
            }
            state.entries[index].revoked = true
            return true
        }
        if found {
            respond(client, 204, "")
        } else {
            respond(client, 404, Self.result(nil, error: "authorizationNotFound"))
        }
    }

    private func policyRefusal(_ body: Body) -> String? {
        state.withLock { state in
            if state.forbidGlobal, body.allOrgs == true { return "globalPatPolicyViolation" }
            if state.forbidFullScope, (body.scope ?? "").split(separator: " ").contains("app_token") {
                return "fullScopePatPolicyViolation"
            }
            if let scope = body.scope,
                scope.split(separator: " ").contains(where: { !$0.hasPrefix("vso.") && $0 != "app_token" })
            {
                return "invalidScope"
            }
            return nil
        }
    }

    private struct StringError: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    private static func result(_ entry: Entry?, error: String, withToken: Bool = false) -> String {
        "{\"patToken\":\(entry.map { json($0, withToken: withToken) } ?? "null"),\"patTokenError\":\"\(error)\"}"
    }

    private static func json(_ entry: Entry, withToken: Bool) -> String {
        func quoted(_ text: String) -> String {
            String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
        }
        let targets = entry.allOrgs ? "null" : "[\"38aaa865-2c70-4bf7-a308-0c6539c38c1a\"]"
        return
            "{\"displayName\":\(quoted(entry.displayName)),\"validTo\":\"\(entry.validTo)\",\"scope\":\(quoted(entry.scope)),\"targetAccounts\":\(targets),\"validFrom\":\"\(entry.validFrom)\",\"authorizationId\":\"\(entry.authorizationID)\",\"token\":\(withToken ? quoted(entry.token) : "null")}"
    }

    private static func split(_ target: String) -> (String, [String: String]) {
        guard let mark = target.firstIndex(of: "?") else { return (target, [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            query[parts[0]] = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
        }
        return (String(target[..<mark]), query)
    }

    private func read(_ client: Int32) -> Request? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while buffer.count < 1 << 20 {
            if let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let requestLine = lines.removeFirst().split(separator: " ")
                guard requestLine.count >= 2 else { return nil }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                        .trimmingCharacters(in: .whitespaces)
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                if buffer.count - end.upperBound >= length {
                    let body = String(
                        decoding: buffer[end.upperBound..<end.upperBound + length], as: UTF8.self)
                    return Request(
                        method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
                        body: body)
                }
            }
            let count = recv(client, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer += chunk[0..<count]
        }
        return nil
    }

    private func respond(_ client: Int32, _ status: Int, _ body: String, extra: [String] = []) {
        let bytes = Array(body.utf8)
        var head =
            "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n"
        for line in extra { head += line + "\r\n" }
        LoopbackListener.send(client, Array((head + "\r\n").utf8) + bytes)
    }
}
