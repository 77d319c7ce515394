/// A change to one file of the config directory, as a function of the file's content rather
/// than as new bytes: az devops writes the same files without a lock, and a change computed
/// from what it wrote in the meantime keeps its write and ours.
struct FileChange {
    enum Outcome {
        case keep
        case write([UInt8])
        case remove
    }

    let path: String
    /// What the file becomes given its content now (nil: it does not exist).
    let apply: ([UInt8]?) -> Outcome

    /// How long a change waits for another program to finish writing one of its files.
    static let writerPatience: Duration = .seconds(5)

    static func busy(_ path: String) -> CredentialError {
        .storage(
            "Another program (az devops?) kept \(path) open for writing for \(writerPatience.components.seconds) s; nothing was changed. Try again."
        )
    }

    /// Changes several files together, so that a failure leaves every one as it was: each file
    /// is read under a lease once no writer has it open, every new version is written and
    /// flushed, and only then, if no file changed since it was read, all are renamed into
    /// place. A file that changed is read again and the change applied again. A writer that
    /// opened a file just before it was replaced has what it wrote folded into the new file.
    static func commit(_ changes: [FileChange]) throws(CredentialError) {
        if let lost = try commitReportingLostWrite(changes) { throw lost }
    }

    /// `commit`, for a caller that made other changes with the files' (a transaction's keyring
    /// changes): a failure thrown means that no file changed, and what it changed elsewhere is
    /// to be undone; once the files are in place, a writer's change that could not be folded in
    /// is returned instead, since the change was made and must stand.
    static func commitReportingLostWrite(_ changes: [FileChange]) throws(CredentialError) -> CredentialError?
    {
        let changes = combinedByPath(changes)
        let deadline = ContinuousClock.now + writerPatience
        while true {
            var planned: [Planned] = []
            defer { for index in planned.indices { planned[index].wipe() } }
            for change in changes {
                let file = try LeasedFile(change.path, until: deadline)
                var entry = Planned(
                    change: change, file: file, outcome: change.apply(file.exists ? file.bytes : nil))
                if entry.changes { planned.append(entry) } else { entry.wipe() }
            }
            guard !planned.isEmpty else { return nil }
            var prepared: [SecureFile.Prepared?] = []
            for entry in planned {
                prepared.append(
                    try entry.bytes.map { (bytes) throws(CredentialError) in
                        try SecureFile.prepare(bytes, for: entry.change.path)
                    })
            }
            CrashPoint.reach("files.prepared")
            guard planned.allSatisfy({ $0.file.isCurrent }) else {
                // Written by another program since it was read: read again, change again.
                guard ContinuousClock.now < deadline else { throw busy(planned[0].change.path) }
                continue
            }
            CrashPoint.reach("files.checked")
            for (entry, file) in zip(planned, prepared) {
                if let file { try file.install() } else { try SecureFile.remove(entry.change.path) }
            }
            syncDirectories(of: planned.map(\.change.path))
            CrashPoint.reach("files.installed")
            var lost: CredentialError?
            for entry in planned where entry.file.writerArrived {
                do throws(CredentialError) {
                    try fold(entry.change, replaced: entry.file, wrote: entry.bytes, until: deadline)
                } catch {
                    lost = lost ?? lostWrite(entry.change.path, error)
                }
            }
            return lost
        }
    }

    /// A writer opened the file just before it was replaced, and wrote into the replaced copy
    /// once the lease ended, where no name reaches it: the change is applied again to what it
    /// wrote, and the result replaces the file, if nobody else changed it in the meantime.
    private static func fold(
        _ change: FileChange, replaced: LeasedFile, wrote: [UInt8]?, until deadline: ContinuousClock.Instant
    ) throws(CredentialError) {
        var replaced = replaced
        var wrote = wrote
        defer { if wrote != nil { SecureFile.wipe(&wrote!) } }
        while true {
            CrashPoint.reach("file.folding-writer")
            let current: LeasedFile
            var theirs: [UInt8]
            current = try LeasedFile(change.path, until: deadline)
            theirs = try replaced.contentAfterWriter(until: deadline)
            defer { SecureFile.wipe(&theirs) }
            // A writer that died after emptying the file left nothing to keep.
            guard !theirs.isEmpty else { return }
            var planned = Planned(change: change, file: current, outcome: change.apply(theirs))
            defer { planned.wipe() }
            if case .keep = planned.outcome { planned.outcome = .write(theirs) }
            if planned.bytes == wrote { return }
            guard current.exists == (wrote != nil), current.bytes == (wrote ?? []) else {
                throw .storage(thirdWriter)
            }
            let prepared = try planned.bytes.map { (bytes) throws(CredentialError) in
                try SecureFile.prepare(bytes, for: change.path)
            }
            guard current.isCurrent else { throw .storage(thirdWriter) }
            if let prepared { try prepared.install() } else { try SecureFile.remove(change.path) }
            syncDirectories(of: [change.path])
            guard current.writerArrived else { return }
            replaced = current
            if wrote != nil { SecureFile.wipe(&wrote!) }
            wrote = planned.bytes
        }
    }

    /// One change per file, each file's changes applied in turn: two renames of one file would
    /// keep the second change only.
    private static func combinedByPath(_ changes: [FileChange]) -> [FileChange] {
        var combined: [FileChange] = []
        for change in changes {
            guard let index = combined.firstIndex(where: { $0.path == change.path }) else {
                combined.append(change)
                continue
            }
            let first = combined[index]
            combined[index] = FileChange(path: change.path) { current in
                switch first.apply(current) {
                case .keep:
                    return change.apply(current)
                case .write(var bytes):
                    let outcome = change.apply(bytes)
                    if case .keep = outcome { return .write(bytes) }
                    SecureFile.wipe(&bytes)
                    return outcome
                case .remove:
                    let outcome = change.apply(nil)
                    if case .keep = outcome { return .remove }
                    return outcome
                }
            }
        }
        return combined
    }

    private static let thirdWriter = "a third program changed it meanwhile"

    /// What `fold` ran into, said as what it means then: ado-accounts' change is in place.
    private static func lostWrite(_ path: String, _ error: CredentialError) -> CredentialError {
        // The wait's own message says that nothing was changed, which no longer holds.
        let reason =
            error == busy(path)
            ? "it still had the file open for writing after \(writerPatience.components.seconds) s"
            : error.message
        return .storage(
            "Another program (az devops?) wrote \(path) while ado-accounts replaced it, and its change could not be kept (\(reason)); ado-accounts' change was made. Run that program's command again."
        )
    }

    private static func syncDirectories(of paths: [String]) {
        var seen = Set<String>()
        for path in paths {
            let directory = SecureFile.parentDirectory(of: path)
            if seen.insert(directory).inserted { SecureFile.syncDirectory(directory) }
        }
    }

    /// A change about to be made: the file as read, and what it becomes.
    private struct Planned {
        let change: FileChange
        let file: LeasedFile
        var outcome: Outcome

        /// The new content; nil when the file is to be removed.
        var bytes: [UInt8]? {
            if case .write(let bytes) = outcome { return bytes }
            return nil
        }

        /// Whether the file would end up different from what it is (or private where it was not).
        var changes: Bool {
            switch outcome {
            case .keep: false
            case .write(let bytes): !file.exists || file.isShared || bytes != file.bytes
            case .remove: file.exists
            }
        }

        /// The new content held tokens: overwrite it before letting it go.
        mutating func wipe() {
            guard case .write(var bytes) = outcome else { return }
            outcome = .keep
            SecureFile.wipe(&bytes)
        }
    }
}
