import Testing

@testable import CredentialCore

/// What fuzzing found, kept as plain cases (the inputs are also in Tests/Fuzz/Corpus as
/// regression-* files).
@Suite struct FuzzRegressionTests {
    /// An indented line right after a section header (a damaged file) used to become the
    /// continuation of an entry inserted before it: a token stored there read back with the
    /// line glued on ("TOKEN\njunk"), in our reader and in az's configparser.
    @Test func aValueSetBeforeAnIndentedLineReadsBackAsSet() {
        for text in [
            "[s]\n 50%% off\n", "[s]\n\n   junk\n", "[s]\n; comment\n\tjunk\nk = v\n",
            "[s]\n  k = v\n junk\n",
        ] {
            for option in ["personal access token", "k"] {
                var document = INIDocument(parsing: Array(text.utf8))
                document.setValue("TOKEN", section: "s", option: option)
                let reread = INIDocument(parsing: document.rendered())
                #expect(
                    reread.value(section: "s", option: option) == "TOKEN",
                    "\(text.debugDescription) \(option)")
            }
        }
    }

    @Test func theProjectSetInADamagedConfigReadsBackAsSet() {
        let config = DevOpsConfig(
            document: INIDocument(parsing: Array("[defaults]\n   junk   junk\n\n".utf8)))
        let reread = DevOpsConfig(
            document: INIDocument(parsing: config.settingValue("v", for: "project").rendered()))
        #expect(reread.fileValue("project") == "v")
    }

    /// Files written by az and us, with nothing indented, still get new entries where
    /// configparser puts them: after the section's last entry.
    @Test func ordinaryFilesStillGetNewEntriesAfterTheLastOne() {
        var document = INIDocument(parsing: Array("[defaults]\norganization = x\n\n[other]\nk = v\n\n".utf8))
        document.setValue("Web", section: "defaults", option: "project")
        #expect(
            String(decoding: document.rendered(), as: UTF8.self)
                == "[defaults]\norganization = x\nproject = Web\n\n[other]\nk = v\n\n")
    }

    @Test func anIndentedHeaderAfterTheSectionDoesNotContinueANewValue() {
        for text in ["[s]\n [s#]\n 5050%% off\n", "[defaults]\n [other]\n  k = v\n"] {
            let first = text.hasPrefix("[s]") ? "s" : "defaults"
            var document = INIDocument(parsing: Array(text.utf8))
            document.setValue("TOKEN", section: first, option: "personal access token")
            let reread = INIDocument(parsing: document.rendered())
            #expect(
                reread.value(section: first, option: "personal access token") == "TOKEN",
                "\(text.debugDescription)")
            #expect(reread.sectionNames == document.sectionNames)
        }
    }

    /// Removing a section used to leave an indented header right after an entry, where it
    /// reads as that entry's continuation: the header is now written unindented there.
    @Test func removingASectionDoesNotTurnAnIndentedHeaderIntoAValue() {
        var document = INIDocument(parsing: Array("[s]\ns=\n[[]\n\t[s]".utf8))
        #expect(document.sectionNames == ["s", "["])
        document.removeSection("[")
        let reread = INIDocument(parsing: document.rendered())
        #expect(reread.value(section: "s", option: "s") == "")
        #expect(reread.sectionNames == ["s"])
    }

    /// A continuation after a comment inside a multi-line value used to vanish from the
    /// document (lost on the next rewrite); configparser reads it as part of the value.
    @Test func aContinuationAfterACommentIsKeptAndJoinsTheValue() {
        let text = "[s]\nkey = v\n# note\n  continued\n\tmore\nother = x\n"
        let document = INIDocument(parsing: Array(text.utf8))
        #expect(document.rendered() == Array(text.utf8))
        #expect(document.value(section: "s", option: "key") == "v\ncontinued\nmore")
        var changed = document
        changed.setValue("y", section: "s", option: "other")
        #expect(
            INIDocument(parsing: changed.rendered()).value(section: "s", option: "key")
                == "v\ncontinued\nmore")
    }

    /// Mixed endings: a line ending in a lone CR that comes to stand before a blank line ending
    /// in LF would read as one CRLF, losing the blank line; the two stay two lines. (The
    /// indented line after the blank one continues the value, as configparser reads it, so the
    /// new value replaces both.)
    @Test func aLoneCarriageReturnBeforeALineFeedStaysTwoLineEndings() {
        var document = INIDocument(parsing: Array("[s]\rk = 1\n\n junk\n".utf8))
        #expect(document.value(section: "s", option: "k") == "1\n\njunk")
        document.setValue("2", section: "s", option: "k")
        let rendered = document.rendered()
        #expect(String(decoding: rendered, as: UTF8.self) == "[s]\rk = 2\r")
        let reread = INIDocument(parsing: rendered)
        #expect(reread.value(section: "s", option: "k") == "2")
        #expect(reread.rendered() == rendered)
    }

    @Test func organizationListLinesWithStrayCarriageReturnsRenderStably() {
        let list = OrganizationList(parsing: Array("azdevops-cli:https://dev.azure.com/a\r\r\n".utf8))
        #expect(list.rendered() == Array("azdevops-cli:https://dev.azure.com/a\n".utf8))
        #expect(list.keys.map(\.rawValue) == ["azdevops-cli:https://dev.azure.com/a"])
    }

    /// A line starting with a byte-order mark is not a key; after blank lines before it are
    /// dropped it comes first, where a mark is read as the file's: it keeps one of its own.
    @Test func aLineStartingWithAByteOrderMarkStaysGarbage() {
        let list = OrganizationList(
            parsing: Array("\r\n   \n\u{FEFF}azdevops-cli:https://dev.azure.com/a\n".utf8))
        #expect(list.keys.isEmpty)
        let rendered = list.rendered()
        #expect(OrganizationList(parsing: rendered).rendered() == rendered)
        #expect(OrganizationList(parsing: rendered).keys.isEmpty)
    }

    /// A host name without a scheme just under the limit used to be accepted and expanded past
    /// it, so that the stored key's own URL was refused (`logout --org` with the listed URL).
    @Test func theLengthLimitHoldsForTheExpandedURL() throws {
        let host = String(repeating: "a", count: OrganizationURL.maximumLength - 4) + ".com"
        #expect(throws: CredentialError.self) { try OrganizationURL(host) }
        let fits = String(repeating: "a", count: OrganizationURL.maximumLength - 12) + ".com"
        let organization = try OrganizationURL(fits)
        #expect(try OrganizationURL(organization.key.organizationURL!).key == organization.key)
    }

    /// az's urlparse takes ";params" off the last path segment only: the key of
    /// https://dev.azure.com/Or;g/Project/x keeps "or;g", and the key of that key's URL, where
    /// "or;g" is now the last segment, is ".../or". Keys must equal az's, so this is kept.
    @Test func aSemicolonInTheFirstSegmentFollowsAz() throws {
        let long = try OrganizationURL("https://dev.azure.com/Or;g/Project/_git/r")
        #expect(long.key.rawValue == "azdevops-cli:https://dev.azure.com/or;g")
        #expect(
            try OrganizationURL("https://dev.azure.com/or;g").key.rawValue
                == "azdevops-cli:https://dev.azure.com/or")
    }
}
