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
        var hasPainted = false
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
                let (next, effects) = update(model, event)
                model = next
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
            default: self.effects.run(effect)
            }
        }
        return false
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
