import AccountsUI
import CredentialCore
import CursesShim

#if canImport(Glibc)
    import Glibc
#endif

/// The loop: wait for input, a signal or an effect's answer; turn each into events; run them
/// through `update`; start the effects; paint `view` of the result.
@MainActor
final class Runtime {
    static let tickInterval = Duration.milliseconds(100)
    /// How long the first frame waits for the listing, so that it shows rows rather than
    /// "reading the stores"; a slow keyring gets a screen right after that.
    static let firstFrameWait = Duration.milliseconds(150)

    private let terminal: Terminal
    private let painter: Painter
    private let effects: EffectRunner
    private let mailbox: Mailbox
    private var model: Model
    private let clock = ContinuousClock()
    private var nextTick: ContinuousClock.Instant?
    private var benchmark: Benchmark?
    private var hasPainted = false
    /// Effects held back until the first frame is on the screen (doctor: it competes with the
    /// first listing for the lock and the keyring, and nothing on the first frame needs it).
    private var afterFirstFrame: [Effect] = []

    /// `model` has had its first effects started already.
    init(terminal: Terminal, model: Model, effects: EffectRunner, mailbox: Mailbox, benchmark: Benchmark?) {
        self.terminal = terminal
        painter = Painter(theme: Theme.make(useColor: terminal.usesColor))
        self.mailbox = mailbox
        self.effects = effects
        self.model = update(model, .resize(terminal.size)).0
        self.benchmark = benchmark
    }

    /// Runs until the person quits; returns the exit status. Termination signals end the process
    /// from inside, after the terminal is restored.
    func run() -> Int32 {
        let firstFrameDeadline = clock.now + Self.firstFrameWait
        while true {
            let listReady = model.list != nil || model.loadError != nil
            if hasPainted || listReady || clock.now >= firstFrameDeadline {
                painter.paint(view(model))
                hasPainted = true
                benchmark?.painted(at: clock.now)
                if benchmark?.exitsAfterFirstFrame == true, listReady {
                    terminal.close()
                    benchmark?.finish()
                    return 0
                }
                if !afterFirstFrame.isEmpty {
                    afterFirstFrame.forEach(effects.run)
                    afterFirstFrame = []
                }
            }

            let now = clock.now
            var timeout: Int32 = -1
            if !hasPainted {
                timeout = Self.milliseconds(until: firstFrameDeadline, from: now)
            } else if model.isBusy {
                let tick = nextTick ?? now + Self.tickInterval
                nextTick = tick
                timeout = Self.milliseconds(until: tick, from: now)
            } else {
                nextTick = nil
            }
            let wake = terminal.wait(timeoutMilliseconds: timeout)
            let woke = clock.now

            var events: [Event] = []
            if let status = handleSignals(&events) { return status }
            if wake.input || wake.hangUp {
                let (input, endOfInput) = terminal.readInput()
                if endOfInput || (wake.hangUp && input.isEmpty) {
                    // The terminal is gone; reading again would return nothing forever.
                    terminal.close()
                    return 0
                }
                let decoded = InputDecoder.events(input)
                events += decoded.events
                if decoded.sawResize { events.append(.resize(terminal.syncSize())) }
                if !input.isEmpty { benchmark?.inputRead(at: woke) }
            }
            events += mailbox.take()
            if hasPainted, model.isBusy, let tick = nextTick, clock.now >= tick {
                events.append(.tick)
                nextTick = tick + Self.tickInterval
            }
            for event in events {
                // In place, not through `update`: a copy of the model would copy its row
                // checks, marks and the form's token bytes on the first change (1.5 ms per
                // answer of a V over 10,000 rows, and a copy of the token left unwiped).
                var effects: [Effect] = []
                model.handle(event, effects: &effects)
                if perform(effects) {
                    terminal.close()
                    benchmark?.finish()
                    return 0
                }
            }
        }
    }

    /// Starts effects; true when one of them is `quit`.
    private func perform(_ effects: [Effect]) -> Bool {
        for effect in effects {
            switch effect {
            case .quit: return true
            case .redraw:
                painter.invalidate()
                terminal.redrawAll()
            case .doctor where !hasPainted, .rememberStoreNotice where !hasPainted:
                afterFirstFrame.append(effect)
            case .azureCLI(let action):
                runInForeground(action)
            default: self.effects.run(effect)
            }
        }
        return false
    }

    /// `az login` / `az logout` with the terminal to itself: curses mode off (the terminal's
    /// modes, the normal screen and the cursor as the shell had them), az in the foreground,
    /// this loop blocked until it ends, so that every key goes to az. Meanwhile Ctrl-C reaches
    /// az only (the core ignores SIGINT and SIGQUIT here while it waits), Ctrl-Z stops az and
    /// this program together, as one shell job, and a SIGTERM or SIGHUP is acted on once az
    /// has ended. Then curses mode comes back, repainted whole, and the answer goes through
    /// the mailbox like any effect's.
    private func runInForeground(_ action: AzureCLIAction) {
        let azureCLI = effects.azureCLI
        guard azureCLI.executable != nil else {
            // Not installed: say so on the screen, which stays.
            mailbox.post(
                .azureCLIFinished(action, .failure(CredentialError(.notFound, Model.azureCLINotInstalled))))
            return
        }
        terminal.handOverToChild()
        let result: Result<AzureCLIRun, CredentialError>
        do {
            let status = try azureCLI.runInForeground(action.arguments)
            result = .success(AzureCLIRun(status: status, state: azureCLI.state()))
        } catch {
            result = .failure(error)
        }
        let size = terminal.takeBackFromChild()
        painter.invalidate()
        mailbox.post(.resize(size))
        mailbox.post(.azureCLIFinished(action, result))
    }

    /// Acts on signals recorded since the last wake; a status when the program must end.
    private func handleSignals(_ events: inout [Event]) -> Int32? {
        let signals = tui_signals_take()
        if signals == 0 { return nil }
        let terminating = [TUI_SIGNAL_INTERRUPT, TUI_SIGNAL_TERMINATE, TUI_SIGNAL_HANGUP, TUI_SIGNAL_QUIT]
        if let signal = terminating.first(where: { signals & UInt32($0) != 0 }) {
            terminal.close()
            tui_die_by_signal(UInt32(signal))
        }
        if signals & UInt32(TUI_SIGNAL_STOP) != 0 {
            terminal.suspend()
            painter.invalidate()
            events.append(.resize(terminal.syncSize()))
        }
        if signals & UInt32(TUI_SIGNAL_CONTINUE) != 0 {
            // Continued after a stop this program did not ask for (kill -STOP): draw it all again.
            terminal.redrawAll()
            painter.invalidate()
        }
        if signals & UInt32(TUI_SIGNAL_RESIZE) != 0 {
            events.append(.resize(terminal.syncSize()))
        }
        return nil
    }

    private static func milliseconds(
        until deadline: ContinuousClock.Instant, from now: ContinuousClock.Instant
    ) -> Int32 {
        guard deadline > now else { return 0 }
        let (seconds, attoseconds) = (deadline - now).components
        return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
