/// A gnome-keyring that has just started may take a while to answer: it creates or unlocks its
/// login keyring first, and on a busy machine that outlasts the 2 s the program's keyring probe
/// allows. Tests wait until the Secret Service names its default keyring before they start the
/// program, so that the probe meets a daemon that is ready.
public enum SecretServiceReadiness {
    /// Shell lines that wait until the session bus's Secret Service names its default collection
    /// (asking the bus first, which starts nothing, so that no second daemon is activated), and
    /// exit with 98 if it never does.
    public static let shellWait = """
        i=0
        until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
                org.freedesktop.DBus.GetNameOwner string:org.freedesktop.secrets >/dev/null 2>&1 &&
            dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \\
                org.freedesktop.Secret.Service.ReadAlias string:default 2>/dev/null | grep -q 'path "/org'; do
            i=$((i+1)); [ $i -gt 6000 ] && exit 98; sleep 0.01
        done
        """

    /// Whether the Secret Service on the bus of `environment` names its default collection now.
    public static func isReady(environment: [String: String]) -> Bool {
        let reply = try? ChildProcess.run(
            [
                "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets", "org.freedesktop.Secret.Service.ReadAlias", "string:default",
            ], environment: environment)
        return reply?.status == 0 && reply?.standardOutput.contains("path \"/org") == true
    }
}
