#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte buffers that may hold a token before it becomes a `PersonalAccessToken` (see there for
/// what is wiped and what cannot be): overwritten when let go, and grown without leaving a copy
/// of what they held in the storage they outgrew.
public enum SecretBytes {
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { explicit_bzero(base, raw.count) }
        }
    }

    /// `bytes.append(contentsOf: piece)`, except that when the buffer must grow, the old storage
    /// is wiped once its bytes are in the new one (Array's own growth frees it as it is).
    public static func append(_ piece: some Collection<UInt8>, to bytes: inout [UInt8]) {
        let needed = bytes.count + piece.count
        if needed > bytes.capacity {
            var grown: [UInt8] = []
            grown.reserveCapacity(max(needed, bytes.capacity * 2, 64))
            grown.append(contentsOf: bytes)
            wipe(&bytes)
            bytes = grown
        }
        bytes.append(contentsOf: piece)
    }
}
