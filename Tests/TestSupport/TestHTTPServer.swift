import Foundation
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 that answers `GET /{organization}/_apis/connectionData`
/// the way Azure DevOps does, and misbehaves on request. The organization's name picks the
/// behaviour (see `Behaviour`); any other name is a working organization that accepts the
/// tokens the server was given and answers 401 to others.
///
/// Slow answers never depend on the clock: they are held until the test calls `release()`, and
/// tests synchronise on the server's own events (`waitForRequests`, `inFlight`), so that a busy
/// machine changes how long a test takes, not what it sees.
public final class TestHTTPServer: @unchecked Sendable {
    public enum Behaviour: String, CaseIterable, Sendable {
        /// 401, whatever the token.
        case unauthorized
        /// 401 with the header Azure DevOps sends for an expired PAT, whatever the token.
        case expired
        /// 403.
        case forbidden
        /// 203 with an HTML sign-in page, as the real service does for some bad tokens.
        case signin
        /// 200 with the anonymous user's id: an organization with public projects.
        case anonymous
        /// 200 with a body that is not JSON.
        case garbage
        /// 200 with JSON that is not connection data.
        case wrongjson
        /// 500.
        case error
        /// 404.
        case notfound
        /// 302 to another host.
        case redirect
        /// Answers as a working organization once the test calls `release()`.
        case slow
        /// Accepts the connection and never answers.
        case hang
        /// Resets the connection after reading the request.
        case reset
        /// 200 with a 16 MiB body.
        case huge
        /// 200 with a body that never ends.
        case endless
        /// 200, then the body one byte a second, and the rest at once after `release()`.
        case drip
    }

    public struct Request: Sendable {
        public let method: String
        public let path: String
        /// Header names lowercased.
        public let headers: [String: String]
    }

    public static let anonymousID = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private let listener: Int32
    private let accepted: Mutex<[String: (name: String, id: String, email: String?)]>
    /// Tokens every working organization answers as expired.
    private let expiredTokens = Mutex<Set<String>>([])
    private let recorded = Mutex<[Request]>([])
    private let connections = Mutex<Set<Int32>>([])
    private let stopped = Atomic<Bool>(false)
    /// Requests whose connection is still being served, by organization name.
    private let serving = Mutex<[String: Int]>([:])
    /// Held answers wait for this pipe's read end to become readable: `release()` closes the
    /// write end.
    private let releaseRead: Int32
    private let releaseWrite: Int32
    private let released = Atomic<Bool>(false)
    /// `GET /{organization}/_apis/projects`: each organization's projects and page size.
    private let projectLists = Mutex<[String: (names: [String], pageSize: Int)]>([:])

    /// `tokens` maps each accepted PAT to the display name the server reports for it.
    public init(tokens: [String: String] = [:]) throws {
        var identities: [String: (name: String, id: String, email: String?)] = [:]
        for (token, name) in tokens { identities[token] = (name, Self.identifier(for: name), nil) }
        accepted = Mutex(identities)

        (listener, port) = try LoopbackListener.open()
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            close(listener)
            throw TestSupportError("pipe: \(String(cString: strerror(errno)))")
        }
        releaseRead = ends[0]
        releaseWrite = ends[1]
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit {
        stop()
        release()
        close(releaseRead)
    }

    /// The organization URL that behaves as asked.
    public func organization(_ behaviour: Behaviour) -> String {
        baseURL + "/" + behaviour.rawValue
    }

    /// A working organization of this name.
    public func organization(named name: String) -> String {
        baseURL + "/" + name
    }

    /// `email`: the account's sign-in name, sent as `properties.Account` as the service does.
    public func accept(token: String, as name: String, email: String? = nil) {
        accepted.withLock { $0[token] = (name, Self.identifier(for: name), email) }
    }

    /// From now on every working organization answers this token as an expired PAT.
    public func expire(token: String) {
        expiredTokens.withLock { _ = $0.insert(token) }
    }

    /// What Azure DevOps sends for an expired PAT: 401 and this header (URL-encoded), with the
    /// same words in a JSON body.
    public static let expiredHeader =
        "X-TFS-ServiceError: Access%20Denied%3A%20The%20Personal%20Access%20Token%20used%20has%20expired."
    static let expiredBody =
        #"{"$id":"1","innerException":null,"message":"Access Denied: The Personal Access Token used has expired.","typeName":"Microsoft.VisualStudio.Services.Security.AccessCheckException, Microsoft.VisualStudio.Services.WebApi","typeKey":"AccessCheckException","errorCode":0,"eventId":3000}"#

    /// Serves `names` as the organization's projects, `pageSize` a page, the next page named by
    /// an `x-ms-continuationtoken` header as Azure DevOps does; to accepted tokens only.
    public func serveProjects(_ names: [String], of organization: String, pageSize: Int = 100) {
        projectLists.withLock { $0[organization] = (names, pageSize) }
    }

    public var requests: [Request] {
        recorded.withLock { $0 }
    }

    /// Lets every held answer (`slow`, `drip`) go, now and from now on.
    public func release() {
        guard !released.exchange(true, ordering: .sequentiallyConsistent) else { return }
        close(releaseWrite)
    }

    /// Requests to the organization `name` whose connection is still open: a check in flight.
    public func inFlight(_ name: String) -> Int {
        serving.withLock { $0[name, default: 0] }
    }

    public func inFlight(_ behaviour: Behaviour) -> Int {
        inFlight(behaviour.rawValue)
    }

    /// Waits until `count` requests to the organization `name` have arrived.
    public func waitForRequests(to name: String, count: Int = 1) throws {
        try Patience.wait("\(count) request(s) to /\(name)") {
            requests.filter { $0.path.hasPrefix("/\(name)/") }.count >= count
        }
    }

    public func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for descriptor in connections.withLock({ $0 }) { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    /// A stable, fake identity id derived from a name.
    public static func identifier(for name: String) -> String {
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let hex = String(hash, radix: 16).leftPadded(to: 16)
        return
            "\(hex.prefix(8))-\(hex.dropFirst(8).prefix(4))-4\(hex.dropFirst(12).prefix(3))-8000-\(hex.prefix(12))"
    }

    // MARK: - Serving

    private func acceptLoop() {
        LoopbackListener.acceptConnections(
            on: listener, isStopped: { stopped.load(ordering: .sequentiallyConsistent) },
            accepted: { client in
                var keepAlive: Int32 = 1
                setsockopt(client, SOL_SOCKET, SO_KEEPALIVE, &keepAlive, socklen_t(MemoryLayout<Int32>.size))
                connections.withLock { _ = $0.insert(client) }
            }
        ) { [self] client in
            serve(client)
            connections.withLock { _ = $0.remove(client) }
            close(client)
        }
    }

    private func serve(_ client: Int32) {
        guard let request = readRequest(client) else { return }
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
        let organization = segments.first.map(String.init) ?? ""
        serving.withLock { $0[organization, default: 0] += 1 }
        defer { serving.withLock { $0[organization, default: 1] -= 1 } }
        recorded.withLock { $0.append(request) }
        if segments.count >= 3, segments[1] == "_apis", segments[2].hasPrefix("projects"),
            let projects = projectLists.withLock({ $0[organization] })
        {
            answerProjects(client, request, projects)
            return
        }
        let isConnectionData =
            segments.count >= 3 && segments[1] == "_apis" && segments[2].hasPrefix("connectionData")
        guard isConnectionData else {
            respond(client, status: 404, reason: "Not Found", contentType: "text/plain", body: "not found")
            return
        }
        switch Behaviour(rawValue: organization) {
        case .unauthorized?:
            respond(
                client, status: 401, reason: "Unauthorized", contentType: "text/html",
                body: "<html>Access denied</html>")
        case .expired?:
            respondExpired(client)
        case .forbidden?:
            respond(client, status: 403, reason: "Forbidden", contentType: "text/plain", body: "forbidden")
        case .signin?:
            respond(
                client, status: 203, reason: "Non-Authoritative Information", contentType: "text/html",
                body:
                    "<!DOCTYPE html><html><head><title>Sign In</title></head><body>Azure DevOps Services | Sign In</body></html>"
            )
        case .anonymous?:
            respond(
                client, status: 200, reason: "OK", contentType: "application/json",
                body: Self.connectionData(name: "Anonymous", id: Self.anonymousID))
        case .garbage?:
            respond(
                client, status: 200, reason: "OK", contentType: "text/html",
                body: "<html>this is not json</html>")
        case .wrongjson?:
            respond(
                client, status: 200, reason: "OK", contentType: "application/json",
                body: "{\"value\": [1, 2, 3]}")
        case .error?:
            respond(
                client, status: 500, reason: "Internal Server Error", contentType: "text/plain", body: "boom")
        case .notfound?:
            respond(
                client, status: 404, reason: "Not Found", contentType: "text/plain",
                body: "no such organization")
        case .redirect?:
            respond(
                client, status: 302, reason: "Found", contentType: "text/plain", body: "",
                extraHeaders: ["Location: https://example.invalid/elsewhere"])
        case .slow?:
            guard hold(client) == .released else { return }
            answerAsOrganization(client, request)
        case .hang?:
            var byte: UInt8 = 0
            _ = recv(client, &byte, 1, 0)  // until the client or stop() closes it
        case .reset?:
            var linger = Foundation.linger(l_onoff: 1, l_linger: 0)
            setsockopt(
                client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Foundation.linger>.size))
        case .huge?:
            let header =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(16 << 20)\r\nConnection: close\r\n\r\n"
            guard send(client, Array(header.utf8)) else { return }
            let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 65536)
            for _ in 0..<256 where send(client, chunk) {}
        case .endless?:
            let header = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
            guard send(client, Array(header.utf8)) else { return }
            let chunk = [UInt8](repeating: UInt8(ascii: "["), count: 65536)
            while !stopped.load(ordering: .sequentiallyConsistent), send(client, chunk) {}
        case .drip?:
            let body = Self.connectionData(name: "Dripping", id: Self.identifier(for: "Dripping"))
            let header =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            guard send(client, Array(header.utf8)) else { return }
            let bytes = Array(body.utf8)
            for index in bytes.indices {
                guard send(client, [bytes[index]]) else { return }
                switch hold(client, milliseconds: 1000) {
                case .stillHeld: continue
                case .released: _ = send(client, Array(bytes[(index + 1)...]))
                case .clientGone: break
                }
                return
            }
        case nil:
            answerAsOrganization(client, request)
        }
    }

    private enum Hold { case released, clientGone, stillHeld }

    /// Waits until the test releases held answers, the client goes away (stop() shuts the
    /// connection too), or `milliseconds` pass (-1: no limit).
    private func hold(_ client: Int32, milliseconds: Int32 = -1) -> Hold {
        while true {
            var descriptors = [
                pollfd(fd: releaseRead, events: Int16(POLLIN), revents: 0),
                pollfd(fd: client, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return .clientGone
            }
            if ready == 0 { return .stillHeld }
            if descriptors[0].revents != 0 { return .released }
            // The client sent more, or closed its end (recv answers 0).
            var chunk = [UInt8](repeating: 0, count: 512)
            if recv(client, &chunk, chunk.count, 0) <= 0 { return .clientGone }
        }
    }

    private func respondExpired(_ client: Int32) {
        respond(
            client, status: 401, reason: "Unauthorized", contentType: "application/json",
            body: Self.expiredBody, extraHeaders: [Self.expiredHeader])
    }

    private func answerAsOrganization(_ client: Int32, _ request: Request) {
        let token = Self.basicToken(request.headers["authorization"])
        if let token, expiredTokens.withLock({ $0.contains(token) }) {
            respondExpired(client)
        } else if let token, let identity = accepted.withLock({ $0[token] }) {
            respond(
                client, status: 200, reason: "OK", contentType: "application/json",
                body: Self.connectionData(name: identity.name, id: identity.id, email: identity.email))
        } else {
            respond(
                client, status: 401, reason: "Unauthorized", contentType: "text/html",
                body: "<html>Access denied</html>")
        }
    }

    private func answerProjects(
        _ client: Int32, _ request: Request, _ projects: (names: [String], pageSize: Int)
    ) {
        guard let token = Self.basicToken(request.headers["authorization"]),
            accepted.withLock({ $0[token] }) != nil
        else {
            respond(
                client, status: 401, reason: "Unauthorized", contentType: "text/html",
                body: "<html>Access denied</html>")
            return
        }
        let query = request.path.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
        let start =
            query.split(separator: "&").compactMap { pair -> Int? in
                pair.hasPrefix("continuationToken=") ? Int(pair.dropFirst("continuationToken=".count)) : nil
            }.first ?? 0
        let end = min(projects.names.count, start + projects.pageSize)
        let page = projects.names[min(start, end)..<end]
        let value = page.enumerated().map { index, name in
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
            return
                "{\"id\":\"\(Self.identifier(for: name))\",\"name\":\"\(escaped)\",\"state\":\"wellFormed\",\"revision\":\(start + index),\"visibility\":\"private\"}"
        }
        respond(
            client, status: 200, reason: "OK", contentType: "application/json",
            body: "{\"count\":\(page.count),\"value\":[\(value.joined(separator: ","))]}",
            extraHeaders: end < projects.names.count ? ["x-ms-continuationtoken: \(end)"] : [])
    }

    /// The PAT in `Authorization: Basic base64(":" + PAT)`, or nil.
    public static func basicToken(_ header: String?) -> String? {
        guard let header, header.hasPrefix("Basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6))),
            let decoded = String(data: data, encoding: .utf8), decoded.hasPrefix(":")
        else { return nil }
        return String(decoded.dropFirst())
    }

    static func connectionData(name: String, id: String, email: String? = nil) -> String {
        let account =
            email.map { "\"Account\":{\"$type\":\"System.String\",\"$value\":\"" + $0 + "\"}" } ?? ""
        let escapedName = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
            of: "\"", with: "\\\""
        )
        .unicodeScalars.map { $0.value < 0x20 ? String(format: "\\u%04x", $0.value) : String($0) }.joined()
        return """
            {"authenticatedUser":{"id":"\(id)","descriptor":"System:ServiceIdentity;\(id)","subjectDescriptor":"aad.x","providerDisplayName":"\(escapedName)","isActive":true,"properties":{\(account)}},"authorizedUser":{"id":"\(id)","providerDisplayName":"\(escapedName)","isActive":true},"instanceId":"11111111-2222-3333-4444-555555555555","deploymentId":"66666666-7777-8888-9999-000000000000","deploymentType":"hosted","locationServiceData":{"serviceOwner":"00025394-6065-48ca-87d9-7f5672854ef7","defaultAccessMappingMoniker":"PublicAccessMapping","lastChangeId":1,"lastChangeId64":1}}
            """
    }

    private func readRequest(_ client: Int32) -> Request? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while buffer.count < 65536 {
            let count = recv(client, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer += chunk[0..<count]
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
                return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers)
            }
        }
        return nil
    }

    private func respond(
        _ client: Int32, status: Int, reason: String, contentType: String, body: String,
        extraHeaders: [String] = []
    ) {
        let bytes = Array(body.utf8)
        var head =
            "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n"
        for header in extraHeaders { head += header + "\r\n" }
        head += "\r\n"
        _ = send(client, Array(head.utf8) + bytes)
    }

    private func send(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        LoopbackListener.send(client, bytes)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
