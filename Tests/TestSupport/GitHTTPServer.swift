import Foundation
import Synchronization

/// A git smart-HTTP server on 127.0.0.1 for end-to-end tests: git's own `http-backend` (run as
/// a CGI program, one per request) behind a listener that, like Azure Repos, answers 401 with a
/// Basic challenge unless the request carries the PAT as its password (any user name). Serves
/// the repositories under `root` (`http://127.0.0.1:PORT/fabrikam/Web/_git/site` is
/// `root/fabrikam/Web/_git/site`, a bare repository); pushing is allowed once authenticated.
public final class GitHTTPServer: @unchecked Sendable {
    public struct Attempt: Sendable, Equatable {
        public let method: String
        public let path: String
        /// The Basic user name, when credentials were sent.
        public let user: String?
        public let accepted: Bool
    }

    public let root: String
    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private let password: Mutex<String>
    private let listener: Int32
    private let recorded = Mutex<[Attempt]>([])
    private let stopped = Atomic<Bool>(false)
    private let environment: [String: String]

    /// `password`: the PAT the server accepts.
    public init(root: String, password: String) throws {
        self.root = root
        self.password = Mutex(password)
        environment = ["PATH": inheritedPath, "HOME": root, "GIT_CONFIG_NOSYSTEM": "1"]
        (listener, port) = try LoopbackListener.open()
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    public func accept(password newValue: String) {
        password.withLock { $0 = newValue }
    }

    /// Every request, in order.
    public var attempts: [Attempt] { recorded.withLock { $0 } }

    public func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        LoopbackListener.acceptConnections(
            on: listener, isStopped: { self.stopped.load(ordering: .sequentiallyConsistent) }
        ) {
            [self] client in
            serve(client)
            close(client)
        }
    }

    private func serve(_ client: Int32) {
        var reader = SocketReader(descriptor: client)
        guard let head = reader.head(), let body = reader.body(head) else { return }
        let credentials = Self.basicCredentials(head.headers["authorization"])
        let accepted =
            credentials.map { !$0.user.isEmpty && $0.password == password.withLock { $0 } } ?? false
        recorded.withLock {
            $0.append(
                Attempt(method: head.method, path: head.target, user: credentials?.user, accepted: accepted))
        }
        guard accepted, let user = credentials?.user else {
            let challenge =
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"Azure Repos (test)\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            LoopbackListener.send(client, Array(challenge.utf8))
            return
        }
        let (path, query) = Self.split(head.target)
        var variables = environment
        variables["GIT_PROJECT_ROOT"] = root
        variables["GIT_HTTP_EXPORT_ALL"] = "1"
        variables["REQUEST_METHOD"] = head.method
        variables["PATH_INFO"] = path
        variables["QUERY_STRING"] = query
        variables["REMOTE_USER"] = user
        variables["REMOTE_ADDR"] = "127.0.0.1"
        variables["CONTENT_LENGTH"] = String(body.count)
        if let type = head.headers["content-type"] { variables["CONTENT_TYPE"] = type }
        if let protocolVersion = head.headers["git-protocol"] { variables["GIT_PROTOCOL"] = protocolVersion }
        if let encoding = head.headers["content-encoding"] { variables["HTTP_CONTENT_ENCODING"] = encoding }
        guard
            let output = try? ChildProcess.run(
                ["git", "http-backend"], environment: variables, standardInput: body)
        else {
            LoopbackListener.send(
                client, Array("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n".utf8))
            return
        }
        LoopbackListener.send(client, Self.response(fromCGI: output.standardOutputBytes))
    }

    /// A CGI answer (`Status:` and other headers, a blank line, the body) as an HTTP response.
    static func response(fromCGI output: [UInt8]) -> [UInt8] {
        let separator =
            output.firstRange(of: Array("\r\n\r\n".utf8)) ?? output.firstRange(of: Array("\n\n".utf8))
        let headerBytes = separator.map { output[..<$0.lowerBound] } ?? []
        let body = separator.map { Array(output[$0.upperBound...]) } ?? output
        var status = "200 OK"
        var headers: [String] = []
        for line in String(decoding: headerBytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            if line.lowercased().hasPrefix("status:") {
                status = line.dropFirst(7).trimmingCharacters(in: .whitespaces)
            } else {
                headers.append(String(line))
            }
        }
        let head =
            "HTTP/1.1 \(status)\r\n" + headers.map { $0 + "\r\n" }.joined()
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    static func split(_ target: String) -> (path: String, query: String) {
        guard let question = target.firstIndex(of: "?") else { return (target, "") }
        return (String(target[..<question]), String(target[target.index(after: question)...]))
    }

    static func basicCredentials(_ header: String?) -> (user: String, password: String)? {
        guard let header, header.hasPrefix("Basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6))),
            let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }
}

/// An HTTP/1.1 request read from a socket: the head, then a body by Content-Length or chunked.
struct SocketReader {
    struct Head {
        let method: String
        let target: String
        /// Names lowercased.
        let headers: [String: String]
    }

    let descriptor: Int32
    private var buffer: [UInt8] = []

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    mutating func head() -> Head? {
        while buffer.firstRange(of: Array("\r\n\r\n".utf8)) == nil {
            guard buffer.count < 1 << 16, fill() else { return nil }
        }
        let end = buffer.firstRange(of: Array("\r\n\r\n".utf8))!
        let text = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
        buffer.removeSubrange(..<end.upperBound)
        var lines = text.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Head(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers)
    }

    mutating func body(_ head: Head) -> [UInt8]? {
        if head.headers["transfer-encoding"]?.lowercased() == "chunked" {
            var body: [UInt8] = []
            while true {
                guard let line = self.line(), let size = Int(line.split(separator: ";")[0], radix: 16) else {
                    return nil
                }
                if size == 0 {
                    _ = self.line()
                    return body
                }
                guard let chunk = take(size), self.line() != nil else { return nil }
                body += chunk
            }
        }
        return take(Int(head.headers["content-length"] ?? "0") ?? 0)
    }

    private mutating func line() -> String? {
        while buffer.firstRange(of: Array("\r\n".utf8)) == nil {
            guard fill() else { return nil }
        }
        let end = buffer.firstRange(of: Array("\r\n".utf8))!
        let text = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
        buffer.removeSubrange(..<end.upperBound)
        return text
    }

    private mutating func take(_ count: Int) -> [UInt8]? {
        while buffer.count < count {
            guard fill() else { return nil }
        }
        defer { buffer.removeSubrange(..<count) }
        return Array(buffer[..<count])
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count <= 0 { return false }
        buffer += chunk[0..<count]
        return true
    }
}

/// A listening TCP socket on 127.0.0.1 and an ephemeral port, and sending on it.
enum LoopbackListener {
    static func open() throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket: \(String(cString: strerror(errno)))") }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 128) == 0 else {
            close(descriptor)
            throw TestSupportError("bind/listen: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Accepts connections until `isStopped`, each served on a thread of its own; `accepted`
    /// sees each one first, on the accepting thread.
    static func acceptConnections(
        on listener: Int32, isStopped: () -> Bool, accepted: (Int32) -> Void = { _ in },
        serve: @escaping @Sendable (Int32) -> Void
    ) {
        while !isStopped() {
            let client = Foundation.accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            accepted(client)
            Thread { serve(client) }.start()
        }
    }

    @discardableResult
    static func send(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Foundation.send(client, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 {
                if sent < 0 && errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }
}
