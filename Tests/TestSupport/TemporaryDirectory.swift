import Foundation

/// A directory under the system temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "ado-accounts-test") throws {
        var template = Array((NSTemporaryDirectory() + "/\(label)-XXXXXX").utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TestSupportError("mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        path = String(cString: created)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public func appending(_ name: String) -> String {
        path + "/" + name
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Files, bytes and modes, for assertions.
public enum FileSnapshot {
    /// The whole file, read to its end: /proc files, which report a size of 0, come whole too.
    public static func bytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    public static func text(_ path: String) -> String? {
        bytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    public static func mode(_ path: String) -> Int? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return Int(status.st_mode & 0o7777)
    }

    public static func write(_ text: String, to path: String, mode: Int = 0o600) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw TestSupportError("cannot write \(path)")
        }
        chmod(path, mode_t(mode))
    }

    /// Every regular file below a directory with its bytes: compare before and after a command.
    public static func tree(_ directory: String) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        guard let names = FileManager.default.subpaths(atPath: directory) else { return result }
        for name in names {
            let path = directory + "/" + name
            var status = stat()
            if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, let bytes = bytes(path) {
                result[name] = bytes
            }
        }
        return result
    }
}

/// Where SwiftPM put the products of this build (the test bundle's own directory).
public var productsDirectory: String {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return executable.deletingLastPathComponent().path
}

/// The built command-line binary.
public var adoAccountsBinary: String {
    productsDirectory + "/ado-accounts"
}
