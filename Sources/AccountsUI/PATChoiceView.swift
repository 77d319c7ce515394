import CredentialCore

/// `R`'s question: renew the organization's PAT (a later expiry, the same token) or rotate it (a
/// new token like it, then the old one revoked), naming the token as remembered.
enum PATChoiceView {
    static func draw(_ frame: inout Frame, _ model: Model, _ target: PATTarget) {
        QuestionBox.draw(
            &frame, model, title: "Renew or rotate",
            question: "Renew or rotate the PAT of \(Names.shown(target.organization))?",
            body: [
                (Names.tokenSummary(target.token), .plain),
                ("Renew: valid for as long again from today; the token stays the same.", .muted),
                ("Rotate: a new token like it is stored and checked, then this one is revoked.", .muted),
            ])
    }
}

/// `X`'s question: revoke the organization's PAT, named with its expiry, and what that ends.
enum PATRevokeView {
    static func draw(_ frame: inout Frame, _ model: Model, _ target: PATTarget) {
        var body: [(String, Role)] = [
            (Names.tokenSummary(target.token), .plain),
            ("It stops working at once, wherever it is used, and is removed here.", .banner),
        ]
        if let list = model.list,
            case .cleared(let value) = list.consequencesOfLogout([target.organization.key])
                .defaultOrganization
        {
            body.append(("The default organization \(Names.short(value)) will be cleared.", .banner))
        }
        QuestionBox.draw(
            &frame, model, title: "Revoke",
            question: "Revoke the PAT of \(Names.shown(target.organization))?", body: body)
    }
}
