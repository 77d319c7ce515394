/// Every key the screen knows, declared once: `update` dispatches from this table, the footer and
/// the help screen are drawn from it, and a test holds the README's key tables to it.
public enum Keymap {
    /// A part of the help screen, in the order it shows them.
    public struct Section: Sendable {
        public let title: String
        public let bindings: [Binding]
    }

    public static let sections: [Section] = [
        Section(
            title: "In the list",
            bindings: [
                Binding(
                    .list, [[.up, .down], ["k", "j"]], [.cursorUp, .cursorDown],
                    help: "move; click a row to select it, its box to mark it",
                    footer: Footer("move", priority: 3)),
                Binding(.list, [[.pageUp, .pageDown]], [.pageUp, .pageDown], help: "move a page"),
                Binding(
                    .list, [[.home, .end], ["g", "G"]], [.firstRow, .lastRow], help: "first / last row"),
                Binding(
                    .list, [.enter], .makeDefault, help: "make the organization the default",
                    footer: Footer("default", priority: 1)),
                Binding(
                    .list, ["p"], .pickProject,
                    help: "pick a project; the organization becomes the default",
                    footer: Footer("project", priority: 4)),
                Binding(
                    .list, ["a"], .add, help: "add: log in with a PAT", footer: Footer("add", priority: 0)),
                Binding(
                    .list, [" "], .toggleMark, help: "mark or unmark the row, then move down",
                    footer: Footer("mark", priority: 2)),
                Binding(
                    .list, ["d", .delete], .logOut, help: "log out the marked rows (or the current one)",
                    footer: Footer("logout", priority: 1)),
                Binding(
                    .list, ["v"], .verify, help: "verify the current row's token",
                    footer: Footer("verify", priority: 2)),
                Binding(.list, ["V"], .verifyAll, help: "verify every row shown, several at a time"),
                Binding(
                    .list, ["m"], .moveToKeyring, help: "move the current row's token to the keyring",
                    footer: Footer("to keyring", priority: 3)),
                Binding(
                    .list, ["/"], .startFilter, help: "filter as you type",
                    footer: Footer("filter", priority: 2)),
                Binding(
                    .list, ["r"], .reload, help: "reload from the stores",
                    footer: Footer("reload", priority: 3)),
                Binding(
                    .list, ["L"], .signInToAzureCLI,
                    help: "sign in to the Azure CLI: az login in this terminal",
                    footer: Footer("az login", priority: 4)),
                Binding(
                    .list, ["O"], .signOutOfAzureCLI,
                    help: "sign out of the Azure CLI (az logout), if confirmed",
                    footer: Footer("az logout", priority: 4)),
                Binding(
                    .list, ["b"], .showNotices, help: "read the notices above the list in full",
                    footer: Footer("notices", priority: 3)),
                Binding(
                    .list, ["n"], .createPAT,
                    help: "create and store a PAT (Azure CLI sign-in)",
                    footer: Footer("new PAT", priority: 3)),
                Binding(
                    .list, ["R"], .changePAT, help: "renew or rotate the stored PAT (asks which)",
                    footer: Footer("renew/rotate", priority: 4)),
                Binding(
                    .list, ["X"], .revokePAT, help: "revoke the stored PAT, if confirmed",
                    footer: Footer("revoke", priority: 4)),
                Binding(.list, ["?"], .showHelp, help: "this help", footer: Footer("help", priority: 0)),
                Binding(.list, ["q"], .quit, help: "quit", footer: Footer("quit", priority: 0)),
                Binding(.list, [.escape], .clearFilterOrQuit, help: "clear the filter, or quit"),
            ]),
        Section(
            title: "While typing a filter",
            bindings: [
                Binding(
                    .filter, [.enter], .keepFilter, help: "keep the filter",
                    footer: Footer("keep", priority: 0)),
                Binding(
                    .filter, [.escape], .clearFilter, help: "clear the filter",
                    footer: Footer("clear", priority: 0)),
                Binding(
                    .filter, [[.up, .down]], [.cursorUp, .cursorDown], help: "move",
                    footer: Footer("move", priority: 1)),
                Binding(.filter, [[.pageUp, .pageDown]], [.pageUp, .pageDown], help: "move a page"),
                // Backspace on an empty filter stops typing it.
                Binding(.filter, [.backspace], .deleteBackward),
                Binding(.filter, [.delete], .deleteForward),
                Binding(.filter, [.control("u")], .clearField),
                Binding(.filter, [[.left, .right]], [.caretLeft, .caretRight]),
            ]),
        Section(
            title: "Anywhere",
            bindings: [
                Binding(.anywhere, [.control("c")], .quit, help: "quit"),
                Binding(.anywhere, [.control("l")], .redraw, help: "redraw the screen"),
                Binding(.anywhere, [.control("z")], .suspend, help: "suspend; fg comes back"),
            ]),
        Section(
            title: "In the login form",
            bindings: [
                Binding(
                    .loginForm, [.tab, .backTab], .switchField, help: "next / previous field",
                    footer: Footer("next field", priority: 1)),
                Binding(.loginForm, [.up, .down], .switchField),
                Binding(
                    .loginForm, [.enter], .submit, help: "next field, then log in",
                    footer: Footer("log in", priority: 0)),
                Binding(
                    .loginForm, [.control("r")], .toggleTokenLength,
                    help: "show the token's length instead of dots",
                    footer: Footer("length", priority: 2)),
                Binding(
                    .loginForm, [.control("n")], .toggleCheck,
                    help: "store without checking (a server out of reach)",
                    footer: Footer("no check", priority: 3)),
                Binding(.loginForm, [.control("u")], .clearField, help: "clear the field"),
                Binding(
                    .loginForm, [.escape], .cancelLogin, help: "cancel; nothing is stored",
                    footer: Footer("cancel", priority: 0)),
                Binding(.loginForm, [.backspace], .deleteBackward),
                Binding(.loginForm, [.delete], .deleteForward),
                Binding(.loginForm, [[.left, .right]], [.caretLeft, .caretRight]),
                Binding(.loginForm, [[.home, .end]], [.caretStart, .caretEnd]),
                // While the check runs the form waits for its answer; Esc gives up on it.
                Binding(
                    .loginFormSubmitting, [.escape], .cancelCheck,
                    help: "while checking: cancel; nothing is stored",
                    footer: Footer("cancel", priority: 0)),
                Binding(.loginFormSubmitting, [.control("c")], .quit, footer: Footer("quit", priority: 2)),
            ]),
        Section(
            title: "In the project picker",
            bindings: [
                Binding(
                    .projectPicker, [[.up, .down]], [.cursorUp, .cursorDown], help: "move; type to filter",
                    footer: Footer("move", priority: 1)),
                Binding(.projectPicker, [[.pageUp, .pageDown]], [.pageUp, .pageDown], help: "move a page"),
                Binding(
                    .projectPicker, [.enter], .chooseProject,
                    help: "make the organization the default, with this project",
                    footer: Footer("choose", priority: 0)),
                Binding(
                    .projectPicker, [.escape], .closePicker, help: "close; nothing changes",
                    footer: Footer("cancel", priority: 0)),
                Binding(.projectPicker, [.backspace], .deleteBackward),
                Binding(.projectPicker, [.delete], .deleteForward),
                Binding(.projectPicker, [.control("u")], .clearField),
                Binding(.projectPicker, [[.left, .right]], [.caretLeft, .caretRight]),
                Binding(.projectPicker, [[.home, .end]], [.caretStart, .caretEnd]),
            ]),
        Section(
            title: "In a confirmation",
            bindings: [
                Binding(
                    .confirmation, ["y"], .confirm, help: "log out, revoke, or sign out of the Azure CLI",
                    footer: Footer("log out", priority: 0)),
                Binding(.confirmation, ["Y"], .confirm),
                Binding(
                    .confirmation, ["n", .escape], .decline, help: "cancel",
                    footer: Footer("cancel", priority: 0)),
                Binding(.confirmation, ["N", "q"], .decline),
                Binding(
                    .confirmation, [[.up, .down], ["k", "j"]], [.scrollUp, .scrollDown],
                    help: "scroll the names, when they do not all fit"),
            ]),
        Section(
            title: "Renew or rotate",
            bindings: [
                Binding(
                    .patChoice, ["r"], .renewPAT, help: "renew: a later expiry; the token stays the same",
                    footer: Footer("renew", priority: 0)),
                Binding(
                    .patChoice, ["t"], .rotatePAT,
                    help: "rotate: a new token like it; the old one revoked",
                    footer: Footer("rotate", priority: 0)),
                Binding(
                    .patChoice, [.escape], .decline, help: "cancel; nothing changes",
                    footer: Footer("cancel", priority: 0)),
                Binding(.patChoice, ["q"], .decline),
            ]),
        Section(
            title: "In this help",
            bindings: [
                Binding(
                    .help, [[.up, .down], ["k", "j"]], [.scrollUp, .scrollDown], help: "scroll",
                    footer: Footer("scroll", priority: 1)),
                Binding(
                    .help, [[.pageUp, .pageDown]], [.scrollPageUp, .scrollPageDown], help: "scroll a page"),
                Binding(.help, [" "], .scrollPageDown),
                Binding(
                    .help, [[.home, .end], ["g", "G"]], [.scrollToTop, .scrollToEnd],
                    help: "the top / the end"),
                Binding(
                    .help, [.escape], .closeHelp, help: "close; so does any other key",
                    footer: Footer("close", priority: 0)),
            ]),
        Section(
            title: "While az login or az logout runs",
            bindings: [
                Binding(
                    .whileAzureCLIRuns, [.control("c")], .interruptAzureCLI,
                    help: "stops az; the account manager comes back"),
                Binding(
                    .whileAzureCLIRuns, [.control("z")], .suspend,
                    help: "suspends az and the manager together; fg resumes"),
            ]),
    ]

    public static let bindings: [Binding] = sections.flatMap(\.bindings)

    /// What `key` does in `context`: the context's own binding, else one that applies anywhere.
    public static func command(for key: Key, in context: KeyContext) -> Command? {
        index[context]?[key] ?? index[.anywhere]?[key]
    }

    /// The key for `command` in `context` as the footer names it, for hints drawn elsewhere.
    public static func footerName(of command: Command, in context: KeyContext, _ glyphs: Glyphs) -> String? {
        bindings.first { $0.context == context && $0.commands.contains(command) }?.footerName(glyphs)
    }

    /// What a key no binding claims does in `context`.
    public static func unboundKeys(in context: KeyContext) -> Unbound {
        switch context {
        case .filter, .loginForm, .projectPicker: .typed
        case .help: .closeHelp
        case .anywhere, .list, .loginFormSubmitting, .confirmation, .patChoice, .whileAzureCLIRuns: .ignored
        }
    }

    public enum Unbound: Sendable {
        case ignored
        /// A printable character goes into the field being edited; other keys do nothing.
        case typed
        case closeHelp
    }

    /// A key as the help and the footer name it: ↑, PgUp, Ctrl-R, Space.
    public static func name(of key: Key, _ glyphs: Glyphs) -> String {
        switch key {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .control(let letter): "Ctrl-" + letter.uppercased()
        case .up: glyphs.up
        case .down: glyphs.down
        case .left: glyphs.isUnicode ? "←" : "Left"
        case .right: glyphs.isUnicode ? "→" : "Right"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        }
    }

    /// The bindings the footer shows in each context, in order: drawn with every frame.
    static let footers: [KeyContext: [Binding]] = Dictionary(grouping: bindings.filter { $0.footer != nil }) {
        $0.context
    }

    private static let index: [KeyContext: [Key: Command]] = {
        var index: [KeyContext: [Key: Command]] = [:]
        for binding in bindings {
            for (key, command) in binding.pairs { index[binding.context, default: [:]][key] = command }
        }
        return index
    }()
}

/// Where a key is pressed: what the screen shows decides what a key means.
public enum KeyContext: Hashable, Sendable, CaseIterable {
    /// Every context that does not bind the key itself.
    case anywhere
    case list
    /// Typing a filter, after `/`.
    case filter
    case loginForm
    /// The login form while its check runs.
    case loginFormSubmitting
    /// `p`'s list of the organization's projects, filtered as the person types.
    case projectPicker
    /// A yes-or-no question: log out, revoke a PAT, or sign out of the Azure CLI.
    case confirmation
    /// `R`'s question: renew or rotate the PAT?
    case patChoice
    case help
    /// az login or az logout in the foreground: the keys are az's, and the terminal's signals act
    /// on it. Never the model's context; its bindings are there for the help screen.
    case whileAzureCLIRuns
}

/// What a key asks for. `update` performs each, whatever key it is bound to.
public enum Command: Hashable, Sendable {
    case quit, redraw
    /// The terminal turns Ctrl-Z into SIGTSTP, which the runtime acts on: never a key here.
    case suspend
    /// Ctrl-C while az runs: SIGINT, for az alone.
    case interruptAzureCLI
    case cursorUp, cursorDown, pageUp, pageDown, firstRow, lastRow
    case makeDefault, pickProject, chooseProject, closePicker, add, toggleMark, logOut, verify, verifyAll,
        moveToKeyring
    case signInToAzureCLI, signOutOfAzureCLI
    /// The PAT lifecycle: n, R (then renew or rotate), X.
    case createPAT, changePAT, revokePAT, renewPAT, rotatePAT
    case startFilter, reload, showHelp, showNotices, clearFilterOrQuit
    case keepFilter, clearFilter
    /// Editing the text field being typed in (the filter, or the form's focused field).
    case deleteBackward, deleteForward, clearField, caretLeft, caretRight, caretStart, caretEnd
    case switchField, submit, toggleTokenLength, toggleCheck, cancelLogin, cancelCheck
    case confirm, decline
    case scrollUp, scrollDown, scrollPageUp, scrollPageDown, scrollToTop, scrollToEnd, closeHelp

    /// The keys every text field has, which the help does not list.
    public var editsText: Bool {
        switch self {
        case .deleteBackward, .deleteForward, .clearField, .caretLeft, .caretRight, .caretStart, .caretEnd:
            true
        default: false
        }
    }
}

/// One line of the help screen, or keys that it leaves out (another key for a listed command,
/// or a text field's editing keys): which keys, in which context, do what.
public struct Binding: Sendable {
    public let context: KeyContext
    /// The keys as the help lists them: alternatives side by side ("d  Delete"), each a group
    /// of one key per command ("↑ ↓  k j": ↑ and k move up, ↓ and j down).
    public let keys: [[Key]]
    public let commands: [Command]
    /// What the help says; nil for keys it leaves out.
    public let help: String?
    /// The footer's words, where the footer shows the keys.
    public let footer: Footer?

    init(_ context: KeyContext, _ keys: [Key], _ command: Command, help: String? = nil, footer: Footer? = nil)
    {
        self.init(context, keys.map { [$0] }, [command], help: help, footer: footer)
    }

    init(
        _ context: KeyContext, _ keys: [[Key]], _ commands: [Command], help: String? = nil,
        footer: Footer? = nil
    ) {
        precondition(keys.allSatisfy { $0.count == commands.count }, "one key per command in each group")
        self.context = context
        self.keys = keys
        self.commands = commands
        self.help = help
        self.footer = footer
    }

    /// Each key with its command.
    public var pairs: [(key: Key, command: Command)] {
        keys.flatMap { group in zip(group, commands).map { (key: $0, command: $1) } }
    }

    /// "↑ ↓  k j", "d  Delete": how the help names the keys.
    public func helpName(_ glyphs: Glyphs) -> String {
        keys.map { $0.map { Keymap.name(of: $0, glyphs) }.joined(separator: " ") }.joined(separator: "  ")
    }

    /// "↑↓", "d": the footer names the first alternative only.
    public func footerName(_ glyphs: Glyphs) -> String {
        keys[0].map { Keymap.name(of: $0, glyphs) }.joined()
    }
}

/// A key in the footer: its words and how readily it goes when the line is short (0: never,
/// higher first).
public struct Footer: Sendable {
    public let label: String
    public let priority: Int

    init(_ label: String, priority: Int) {
        self.label = label
        self.priority = priority
    }
}
