function __ado-accounts_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ado-accounts_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __ado-accounts_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ado-accounts_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __ado-accounts_parse_tokens -S
    set -l unparsed_tokens (__ado-accounts_tokens -pc)
    switch $unparsed_tokens[1]
    case 'ado-accounts'
        __ado-accounts_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'login'
            __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'skip-verify' 'timeout=' 'allow-http' 'version' 'h/help'
        case 'logout'
            __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'all' 'revoke' 'allow-http' 'y/yes' 'version' 'h/help'
        case 'list'
            __ado-accounts_parse_subcommand 0 'store=' 'json' 'version' 'h/help'
        case 'use'
            __ado-accounts_parse_subcommand 1 'store=' 'p/project=' 'version' 'h/help'
        case 'configure'
            __ado-accounts_parse_subcommand 0 'd/defaults=+' 'use-git-aliases=' 'l/list' 'version' 'h/help'
        case 'token'
            __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'detect=' 'version' 'h/help'
        case 'verify'
            __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'detect=' 'all' 'json' 'timeout=' 'allow-http' 'version' 'h/help'
        case 'status'
            __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'detect=' 'check' 'json' 'allow-http' 'warn-days=' 'version' 'h/help'
        case 'exec'
            __ado-accounts_parse_subcommand -r 1 'store=' 'organization=' 'detect=' 'project=' 'version' 'h/help'
        case 'git-credential'
            __ado-accounts_parse_subcommand 1 'allow-http' 'version' 'h/help'
        case 'setup-git'
            __ado-accounts_parse_subcommand 0 'global' 'local' 'remove' 'allow-http' 'version' 'h/help'
        case 'az-login'
            __ado-accounts_parse_subcommand -r 1 'version' 'h/help'
        case 'az-logout'
            __ado-accounts_parse_subcommand -r 1 'version' 'h/help'
        case 'migrate'
            __ado-accounts_parse_subcommand 0 'to=' 'version' 'h/help'
        case 'doctor'
            __ado-accounts_parse_subcommand 0 'store=' 'fix' 'json' 'warn-days=' 'version' 'h/help'
        case 'tui'
            __ado-accounts_parse_subcommand 0 'store=' 'allow-http' 'version' 'h/help'
        case 'pat'
            __ado-accounts_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'allow-http' 'version' 'h/help'
            case 'create'
                __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'allow-http' 'name=' 'scope=+' 'days=' 'version' 'h/help'
            case 'renew'
                __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'allow-http' 'days=' 'version' 'h/help'
            case 'rotate'
                __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'allow-http' 'days=' 'version' 'h/help'
            case 'revoke'
                __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'allow-http' 'version' 'h/help'
            case 'link'
                __ado-accounts_parse_subcommand 0 'store=' 'organization=' 'allow-http' 'name=' 'id=' 'version' 'h/help'
            end
        case 'help'
            __ado-accounts_parse_subcommand -r 1 'version'
        end
    end
end

function __ado-accounts_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __ado-accounts_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __ado-accounts_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __ado-accounts_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__ado-accounts_tokens -p)
    if test -z "$(__ado-accounts_tokens -t)"
        set -l index (count (__ado-accounts_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'ado-accounts' -f
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'login' -d 'Store a personal access token for an organization, or as the default credential.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'logout' -d 'Remove a stored token: an organization\'s, the default credential, or all of them.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'list' -d 'List stored credentials and the default organization. Never shows a token.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'use' -d 'Set the default organization (\'-\' switches back to the previous one).'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'configure' -d 'Set or list defaults, with the options of az devops configure.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'token' -d 'Print the token a command for an organization would use, for scripts.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'verify' -d 'Check tokens with their organizations and show who they sign in as.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'status' -d 'Show, per organization, which credential az devops would use and which are shadowed.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'exec' -d 'Run a command with an organization\'s token in AZURE_DEVOPS_EXT_PAT.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'git-credential' -d 'git\'s credential helper for Azure Repos over HTTPS (\'ado-accounts setup-git\' installs it).'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'setup-git' -d 'Make git use the stored tokens for Azure Repos over HTTPS (or stop, with --remove).'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'az-login' -d 'Sign in to the Azure CLI (runs az login), then show what it changes.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'az-logout' -d 'Sign out of the Azure CLI (runs az logout), so stored PATs apply again.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'migrate' -d 'Move every stored token to the keyring or to the file.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'doctor' -d 'Check that the index, the keyring, the file and the default organization agree.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'tui' -d 'Open the full-screen account manager (what \'ado-accounts\' alone does on a terminal).'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'pat' -d 'Create, renew, rotate and revoke PATs through Azure DevOps\' API, with the Azure CLI sign-in.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts login" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts login" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion login -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts login" skip-verify' -l 'skip-verify' -d 'Store the token without checking it with the organization.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts login" timeout' -l 'timeout' -d 'Seconds to wait for each answer, more than 0 and at most 300.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts login" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts login" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts logout" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts logout" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion logout -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts logout" all' -l 'all' -d 'Remove every stored token and the organization index.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts logout" revoke' -l 'revoke' -d 'Revoke the organization\'s PAT at the service first (needs an Azure CLI sign-in).'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts logout" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts logout" y yes' -s 'y' -l 'yes' -d 'Do not ask before --all removes every token.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts logout" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts logout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts list" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts list" json' -l 'json' -d 'Print JSON (the schema is in the README).'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts list" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts use" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts use" -eq 1' -fka '(__ado-accounts_custom_completion ---completion use -- positional@0 (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts use" p project' -s 'p' -l 'project' -d 'Make this the default project too, in the same change.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts use" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts use" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts configure"' -s 'd' -l 'defaults' -d 'Space-separated name=value pairs: organization=URL project=NAME.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts configure" use-git-aliases' -l 'use-git-aliases' -d 'true (or no value) adds az\'s \'git pr\' and \'git repo\' aliases to git\'s global configuration; false removes them.' -rfka 'true false'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts configure" l list' -s 'l' -l 'list' -d 'List the configuration, as az devops configure --list does.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts configure" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts configure" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts token" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts token" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion token -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts token" detect' -l 'detect' -d 'Find the organization from the Azure DevOps git remote of the current directory when --organization is not given, as az devops does: true (the default) or false.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts token" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts token" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts verify" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts verify" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion verify -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts verify" detect' -l 'detect' -d 'Find the organization from the Azure DevOps git remote of the current directory when --organization is not given, as az devops does: true (the default) or false.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts verify" all' -l 'all' -d 'Check every stored organization, several at a time.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts verify" json' -l 'json' -d 'Print JSON (the schema is in the README).'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts verify" timeout' -l 'timeout' -d 'Seconds to wait for each answer, more than 0 and at most 300.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts verify" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts verify" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts status" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts status" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion status -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts status" detect' -l 'detect' -d 'Find the organization from the Azure DevOps git remote of the current directory when --organization is not given, as az devops does: true (the default) or false.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts status" check' -l 'check' -d 'Fetch each Azure CLI token and verify it against the organization.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts status" json' -l 'json' -d 'Print JSON (the schema is in the README).'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts status" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts status" warn-days' -l 'warn-days' -d 'Warn about stored tokens that expire within this many days. Default: $ADO_ACCOUNTS_EXPIRY_WARNING_DAYS, else 7.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts status" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts exec" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts exec" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion exec -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts exec" detect' -l 'detect' -d 'Find the organization from the Azure DevOps git remote of the current directory when --organization is not given, as az devops does: true (the default) or false.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts exec" project' -l 'project' -d 'The project for AZURE_DEVOPS_EXT__DEFAULTS_PROJECT.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts exec" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts exec" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts git-credential" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts git-credential" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts git-credential" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts setup-git" global' -l 'global' -d 'Write to the user\'s git configuration (~/.gitconfig); the default.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts setup-git" local' -l 'local' -d 'Write to the current repository\'s configuration.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts setup-git" remove' -l 'remove' -d 'Remove what setup-git wrote.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts setup-git" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts setup-git" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts setup-git" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts az-login" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts az-login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts az-logout" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts az-logout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts migrate" to' -l 'to' -d 'Where the tokens go: keyring or file.' -rfka 'keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts migrate" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts migrate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts doctor" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts doctor" fix' -l 'fix' -d 'Repair what is safe to repair.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts doctor" json' -l 'json' -d 'Print JSON (the schema is in the README).'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts doctor" warn-days' -l 'warn-days' -d 'Warn about stored tokens that expire within this many days. Default: $ADO_ACCOUNTS_EXPIRY_WARNING_DAYS, else 7.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts doctor" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts tui" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts tui" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts tui" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts tui" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts pat" -eq 1' -fa 'list' -d 'List your active PATs in the organization; * marks the one stored here.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts pat" -eq 1' -fa 'create' -d 'Create a PAT for the organization, store it as login would, and check it.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts pat" -eq 1' -fa 'renew' -d 'Extend the stored PAT\'s expiry; the token itself stays the same.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts pat" -eq 1' -fa 'rotate' -d 'Replace the stored PAT by a new one like it, then revoke the old one.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts pat" -eq 1' -fa 'revoke' -d 'Revoke the stored PAT at the service, then remove it here.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_positional "ado-accounts pat" -eq 1' -fa 'link' -d 'Tell ado-accounts which of your PATs is the one stored here (made elsewhere).'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat list" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat list" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion pat list -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat list" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat list" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat create" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat create" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion pat create -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat create" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat create" name' -l 'name' -d 'The token\'s name (default: ado-accounts ORG DATE).' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat create"' -l 'scope' -d 'Scopes, such as vso.code_write vso.work (default: vso.project vso.code_write vso.work_write vso.build_execute).' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat create" days' -l 'days' -d 'How many days from now the token is valid (1-365; the organization\'s policy may allow fewer).' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat create" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat renew" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat renew" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion pat renew -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat renew" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat renew" days' -l 'days' -d 'How many days from now the token is valid (1-365; the organization\'s policy may allow fewer).' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat renew" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat renew" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat rotate" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat rotate" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion pat rotate -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat rotate" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat rotate" days' -l 'days' -d 'How many days from now the token is valid (1-365; the organization\'s policy may allow fewer).' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat rotate" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat rotate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat revoke" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat revoke" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion pat revoke -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat revoke" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat revoke" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat revoke" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat link" store' -l 'store' -d 'Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.' -rfka 'auto keyring file'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat link" org organization' -l 'organization' -l 'org' -d 'Organization URL, or a bare name for https://dev.azure.com/NAME.' -rfka '(__ado-accounts_custom_completion ---completion pat link -- --organization (count (__ado-accounts_tokens -pc)) (__ado-accounts_tokens -tC))'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat link" allow-http' -l 'allow-http' -d 'Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat link" name' -l 'name' -d 'The PAT\'s name, as `pat list` shows it.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat link" id' -l 'id' -d 'The PAT\'s authorization id.' -rfka ''
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat link" version' -l 'version' -d 'Show the version.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts pat link" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ado-accounts' -n '__ado-accounts_should_offer_completions_for_flags_or_options "ado-accounts help" version' -l 'version' -d 'Show the version.'
