/// The push URLs of a repository's remotes as `git remote -v` prints them, and the one az devops
/// picks. az runs `git remote -v`, keeps the last `(push)` URL of each remote, and takes
/// `origin`'s when az recognises it, otherwise the first remote's (by name) that it recognises.
struct GitRemoteList: Equatable {
    struct Remote: Equatable {
        let name: String
        /// The URLs printed with `(push)`, in git's order.
        let pushURLs: [String]
    }

    /// Sorted by name as git sorts them (bytes).
    let remotes: [Remote]

    /// The remote az would use: its name, its URL and what az makes of it.
    struct Choice: Equatable {
        let name: String
        let url: String
        let parsed: AzureDevOpsRemote
    }

    /// What az keeps of `git remote -v`: it splits "name URL (push)" lines on whitespace,
    /// skips a line that is not exactly three words, and keeps the last line of each remote.
    var azView: [Pair] {
        remotes.compactMap { remote in
            guard !Self.hasPythonWhitespace(remote.name) else { return nil }
            return remote.pushURLs.last { !$0.isEmpty && !Self.hasPythonWhitespace($0) }.map {
                Pair(name: remote.name, url: $0)
            }
        }
    }

    struct Pair: Equatable {
        let name: String
        let url: String
    }

    /// `origin`'s URL when az recognises it, else the first other remote's that it recognises.
    var azureDevOpsChoice: Choice? {
        let table = azView
        for pair in table.filter({ $0.name == "origin" }) + table.filter({ $0.name != "origin" }) {
            if let parsed = AzureDevOpsRemote(pair.url) {
                return Choice(name: pair.name, url: pair.url, parsed: parsed)
            }
        }
        return nil
    }

    /// `str.split()`'s separators: Unicode white space and the four information separators.
    static func hasPythonWhitespace(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) }
    }

    // MARK: - From the configuration files

    /// The remotes git builds from these files (`remote.c`: `handle_config`, then
    /// `alias_all_urls`); nil with a reason for the settings git would refuse or that changed
    /// meaning between git releases.
    static func fromConfiguration(_ files: [GitConfigFile]) -> Result<GitRemoteList, GitRepository.AskGit> {
        var order: [String] = []
        var urls: [String: [String]] = [:]
        var pushURLs: [String: [String]] = [:]
        var rewrites = Rewrites()
        var pushRewrites = Rewrites()
        for entry in files.flatMap(\.entries) {
            if entry.section == "url", let base = entry.subsection,
                entry.name == "insteadof" || entry.name == "pushinsteadof"
            {
                guard let value = entry.value else {
                    return .failure(.init("url.\(base).\(entry.name) has no value"))
                }
                if entry.name == "insteadof" {
                    rewrites.add(base: base, prefix: value)
                } else {
                    pushRewrites.add(base: base, prefix: value)
                }
                continue
            }
            guard entry.section == "remote", let name = entry.subsection, !name.hasPrefix("/") else {
                continue
            }
            if urls[name] == nil {
                order.append(name)
                urls[name] = []
                pushURLs[name] = []
            }
            guard entry.name == "url" || entry.name == "pushurl" else { continue }
            // An empty URL resets the list in newer git releases only.
            guard let value = entry.value, !value.isEmpty else {
                return .failure(.init("remote.\(name).\(entry.name) is empty"))
            }
            // A line break would split git's output line where az reads it.
            if value.utf8.contains(0x0A) {
                return .failure(.init("remote.\(name).\(entry.name) has a line break"))
            }
            if entry.name == "url" {
                urls[name, default: []].append(value)
            } else {
                pushURLs[name, default: []].append(value)
            }
        }
        let remotes = order.map { name -> Remote in
            let fetch = urls[name] ?? []
            var push = (pushURLs[name] ?? []).map { rewrites.apply($0) ?? $0 }
            if push.isEmpty {
                push = fetch.compactMap { pushRewrites.apply($0) }
                if push.isEmpty { push = fetch.map { rewrites.apply($0) ?? $0 } }
            }
            return Remote(name: name, pushURLs: push)
        }
        return .success(GitRemoteList(remotes: sortedByName(remotes)))
    }

    /// `url.<base>.insteadOf` (or `pushInsteadOf`): the longest matching prefix is replaced by
    /// its base; among equally long ones, the first configured.
    struct Rewrites {
        private var bases: [(base: String, prefixes: [[UInt8]])] = []

        mutating func add(base: String, prefix: String) {
            if let index = bases.firstIndex(where: { $0.base == base }) {
                bases[index].prefixes.append(Array(prefix.utf8))
            } else {
                bases.append((base, [Array(prefix.utf8)]))
            }
        }

        /// Nil when no prefix matches.
        func apply(_ url: String) -> String? {
            let bytes = Array(url.utf8)
            var best: (base: String, length: Int)?
            for (base, prefixes) in bases {
                for prefix in prefixes where bytes.starts(with: prefix) && prefix.count > (best?.length ?? -1)
                {
                    best = (base, prefix.count)
                }
            }
            guard let best else { return nil }
            return best.base + String(decoding: bytes[best.length...], as: UTF8.self)
        }
    }

    private static func sortedByName(_ remotes: [Remote]) -> [Remote] {
        remotes.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    // MARK: - From `git remote -v`

    /// The `(push)` lines of `git remote -v`, as az reads them.
    static func fromRemoteVerbose(_ output: String) -> GitRemoteList {
        var order: [String] = []
        var pushURLs: [String: [String]] = [:]
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.unicodeScalars.split {
                $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value)
            }.map { String(Substring($0)) }
            guard words.count == 3, words[2] == "(push)" else { continue }
            if pushURLs[words[0]] == nil { order.append(words[0]) }
            pushURLs[words[0], default: []].append(words[1])
        }
        return GitRemoteList(remotes: order.map { Remote(name: $0, pushURLs: pushURLs[$0] ?? []) })
    }
}
