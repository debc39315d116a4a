#pragma once

#include "tokeninspection.h"

#include <QDockWidget>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QWidget;

namespace Tokenscope::OAuth {
class SignatureVerifier;
class TokenSession;
} // namespace Tokenscope::OAuth
namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class RequestEditor;
class TokenInspectorView;
class TokenMenu;

// The Token Inspector, what support staff open instead of jwt.io: the current environment's access, ID
// or refresh token, or any token pasted or dropped in, decoded offline and checked against the
// provider's keys and the environment. The token itself is only ever shown masked; Copy Token is the one
// way to get it out.
class TokenInspector final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenInspector)

public:
    using Clock = std::function<QDateTime()>;
    enum class Source { AccessToken, IdToken, RefreshToken, Pasted };
    Q_ENUM(Source)

    // session: not owned, outlives the inspector. menu: its Refresh, Revoke and UserInfo actions are the
    // panel's too. editor: the request whose host the audience is compared with.
    TokenInspector(Workspace::AppSession* session, TokenMenu* menu, RequestEditor* editor, QWidget* parent);
    ~TokenInspector() override;

    void setSource(Source source);
    Source source() const;
    // Text from outside (pasted, dropped), with or without "Bearer ": becomes the inspected token.
    void inspectText(const QString& text);
    void setClock(Clock clock);
    // The collection the editor's request was opened from (empty: none): its variables resolve the URL
    // whose host the audience is compared with.
    void setCollectionId(const QString& collectionId);

Q_SIGNALS:
    void statusMessage(const QString& text, int timeout);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* createSourceRow();
    QWidget* createActionsRow(TokenMenu* menu);
    void onCurrentEnvironmentChanged();
    // The token changed (another source, new tokens, pasted text): inspect it and check its signature.
    void reinspect();
    // The clock ticked: relative times and the expiry flags move on, nothing is fetched.
    void updateInspection();
    void verifySignature();
    void introspect();
    void copyToken();
    void copyAuthorizationLine();
    void updateControls();
    QString currentToken() const;
    OAuth::InspectionContext context() const;

    Workspace::AppSession* m_session;
    RequestEditor* m_editor;
    QString m_collectionId;
    QPointer<OAuth::TokenSession> m_tokens;
    OAuth::SignatureVerifier* m_verifier;
    Clock m_clock;
    QTimer m_ticker;
    QString m_pasted;
    QString m_inspected; // the token the view shows (without "Bearer ")
    // The provider's answer about the inspected token, when asked (RFC 7662).
    std::optional<OAuth::IntrospectionResult> m_introspection;
    quint64 m_verification = 0; // bumped per check: an answer about an earlier token is ignored
    bool m_verificationDeferred = false; // the token changed while the panel was hidden

    QComboBox* m_sourceCombo;
    QLineEdit* m_pasteEdit;
    QPushButton* m_pasteButton;
    QWidget* m_keySourceRow;
    QLineEdit* m_jwksEdit;
    QLineEdit* m_issuerEdit;
    QLabel* m_masked;
    QPushButton* m_copyToken;
    QPushButton* m_copyAuthorization;
    TokenInspectorView* m_view;
    QAction* m_introspect;
    QAction* m_verify;
    QAction* m_menuIntrospect; // the Token menu's: enabled when the environment can introspect
};

} // namespace Tokenscope::Ui
