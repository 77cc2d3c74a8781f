; Inno Setup 6 script: Kring's Windows installer, made from the PyInstaller bundle.
; On Windows, from the repository root (packaging/README.md has the whole recipe):
;
;   .venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build packaging\kring.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\kring.iss
;
; makes dist\kring-VERSION-windows-x64-setup.exe. The installer asks whether to install for the
; current user only (no administrator rights needed) or for everyone.

#define AppName "Kring"
; Same id as the .desktop file, the AppStream id and the macOS bundle id (app/__init__.py APP_ID).
#define AppId "nl.kring.Kring"
; Pass /DAppVersion=... from app/__init__.py; this default is kept equal to it by the tests.
#ifndef AppVersion
#define AppVersion "0.1.0"
#endif
#define Root "..\.."

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Kring developers
AppPublisherURL=https://kring.app
AppSupportURL=https://kring.app
; Kring never checks for updates itself; this is where the Apps settings page points.
AppUpdatesURL=https://kring.app/download
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Kring
DefaultGroupName=Kring
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=kring-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\resources\icons\kring.ico
UninstallDisplayIcon={app}\kring.exe
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
; Code signing: define a sign tool named "signtool" in the Inno Setup IDE (Tools > Configure Sign
; Tools) or on the command line (iscc "/Ssigntool=signtool sign /fd sha256 /tr
; http://timestamp.digicert.com /td sha256 /a $f"), then uncomment:
; SignTool=signtool
; SignedUninstaller=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: kring.exe (the window), kringc.exe (the command line), _internal\.
Source: "{#Root}\dist\kring\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Kring"; Filename: "{app}\kring.exe"; AppUserModelID: "{#AppId}"
Name: "{autodesktop}\Kring"; Filename: "{app}\kring.exe"; AppUserModelID: "{#AppId}"; Tasks: desktopicon

[Registry]
; HKA is HKEY_CURRENT_USER for a per-user install and HKEY_LOCAL_MACHINE for everyone.
; kring:// invite links open Kring.
Root: HKA; Subkey: "Software\Classes\kring"; ValueType: string; ValueName: ""; ValueData: "URL:Kring invite"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\kring"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\kring\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\kring.exe,0"
Root: HKA; Subkey: "Software\Classes\kring\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\kring.exe"" ""%1"""
; Changesets (.kcs) and snapshots (.kss) are Kring's own files.
Root: HKA; Subkey: "Software\Classes\.kcs"; ValueType: string; ValueName: ""; ValueData: "Kring.Changeset"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Kring.Changeset"; ValueType: string; ValueName: ""; ValueData: "Kring changeset"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Kring.Changeset\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\kring.exe,0"
Root: HKA; Subkey: "Software\Classes\Kring.Changeset\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\kring.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.kss"; ValueType: string; ValueName: ""; ValueData: "Kring.Snapshot"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Kring.Snapshot"; ValueType: string; ValueName: ""; ValueData: "Kring snapshot"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Kring.Snapshot\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\kring.exe,0"
Root: HKA; Subkey: "Software\Classes\Kring.Snapshot\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\kring.exe"" ""%1"""
; Member lists (.csv) are offered under "Open with", never taken over from the spreadsheet.
Root: HKA; Subkey: "Software\Classes\.csv\OpenWithProgids"; ValueType: string; ValueName: "Kring.MemberList"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Kring.MemberList"; ValueType: string; ValueName: ""; ValueData: "Member list (CSV)"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Kring.MemberList\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\kring.exe"" ""%1"""

[Run]
Filename: "{app}\kring.exe"; Description: "{cm:LaunchProgram,Kring}"; Flags: nowait postinstall skipifsilent
