import CredentialCore

/// The question before `az logout`: who is signed out, and what that changes.
enum AzureLogoutView {
    static func draw(_ frame: inout Frame, _ model: Model, _ confirmation: AzureLogoutConfirmation) {
        var body: [(String, Role)] = [
            ("Stored PATs apply again: az devops stops trying this sign-in first.", .muted),
            ("az logout runs in this terminal.", .muted),
        ]
        if !confirmation.others.isEmpty {
            body.insert(
                ("Still signed in afterwards: \(Names.list(confirmation.others)).", .banner), at: 0)
        }
        QuestionBox.draw(
            &frame, model, title: "Azure CLI",
            question: "Sign out of the Azure CLI (\(confirmation.account))?", body: body, width: 64)
    }
}
