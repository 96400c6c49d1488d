//! Credentials handed to QScanner, and the one type that keeps them out of
//! logs: [`Secret`].
//!
//! Qualys credentials come from a Secrets Manager secret (JSON). AWS
//! credentials are passed explicitly because in hub/spoke the subprocess must
//! act as the spoke account, not as the scanner Lambda's own role.

use std::fmt;

use serde_json::{Map, Value};

/// A credential value. `Debug` and `Display` print `***`; only
/// [`Secret::expose`] reads it, so every use is greppable.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Qualys platforms (pods) QScanner knows by name, with their gateways
/// (docs/qscanner.md). Anything else needs `qualys_gateway_url`.
pub const PODS: [(&str, &str); 13] = [
    ("US1", "gateway.qg1.apps.qualys.com"),
    ("US2", "gateway.qg2.apps.qualys.com"),
    ("US3", "gateway.qg3.apps.qualys.com"),
    ("US4", "gateway.qg4.apps.qualys.com"),
    ("EU1", "gateway.qg1.apps.qualys.eu"),
    ("EU2", "gateway.qg2.apps.qualys.eu"),
    ("EU3", "gateway.qg3.apps.qualys.it"),
    ("IN1", "gateway.qg1.apps.qualys.in"),
    ("CA1", "gateway.qg1.apps.qualys.ca"),
    ("AE1", "gateway.qg1.apps.qualys.ae"),
    ("UK1", "gateway.qg1.apps.qualys.co.uk"),
    ("AU1", "gateway.qg1.apps.qualys.com.au"),
    ("KSA1", "gateway.qg1.apps.qualysksa.com"),
];

/// The gateway host of a known pod (case-insensitive).
pub fn pod_gateway(pod: &str) -> Option<&'static str> {
    PODS.iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(pod.trim()))
        .map(|(_, gateway)| *gateway)
}

/// Which Qualys platform QScanner talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QualysPlatform {
    /// A known pod, upper-case (`US2`): `--pod`.
    Pod(String),
    /// Any other platform: `--gateway-url`.
    GatewayUrl(String),
}

/// How QScanner authenticates; both kinds travel in the environment only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QualysAuth {
    /// `QUALYS_ACCESS_TOKEN`.
    AccessToken(Secret),
    /// `QUALYS_CLIENT_ID` / `QUALYS_CLIENT_SECRET` (preferred since 4.8).
    ClientCredentials {
        client_id: Secret,
        client_secret: Secret,
    },
}

/// Generic registry credentials (`QSCANNER_REGISTRY_USERNAME/PASSWORD`).
/// ECR needs none: QScanner uses the AWS credentials for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryCredentials {
    pub username: String,
    pub password: Secret,
}

/// Everything QScanner needs from the Qualys secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualysCredentials {
    pub platform: QualysPlatform,
    pub auth: QualysAuth,
    pub registry: Option<RegistryCredentials>,
}

/// A bad Qualys secret. Messages name keys, never values: the secret may
/// hold a token in the wrong field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    #[error("qualys secret is not valid json (syntax error at line {line}, column {column})")]
    NotJson { line: usize, column: usize },
    #[error("qualys secret must be a json object")]
    NotAnObject,
    #[error("qualys secret key {key:?} must be a string")]
    NotAString { key: &'static str },
    #[error("qualys secret names no platform: set \"qualys_pod\" or \"qualys_gateway_url\"")]
    NoPlatform,
    #[error("qualys secret key \"qualys_pod\" is not a known pod (known: {known}); set \"qualys_gateway_url\" for other platforms")]
    UnknownPod { known: String },
    #[error("qualys secret sets both \"qualys_pod\" and \"qualys_gateway_url\"; keep one")]
    BothPlatforms,
    #[error("qualys secret key \"qualys_gateway_url\" must be an https:// url")]
    BadGatewayUrl,
    #[error("qualys secret has no credentials: set \"qualys_access_token\", or \"qualys_client_id\" and \"qualys_client_secret\"")]
    NoAuth,
    #[error(
        "qualys secret sets both \"qualys_access_token\" and client credentials; keep one kind"
    )]
    BothAuthKinds,
    #[error("qualys secret key {missing:?} is missing; it is required with {present:?}")]
    MissingPair {
        missing: &'static str,
        present: &'static str,
    },
}

impl QualysCredentials {
    /// Parses the Secrets Manager secret string, e.g.
    /// `{"qualys_pod":"US2","qualys_access_token":"…"}`. Unknown keys are
    /// ignored (secrets are often shared); empty strings count as absent.
    pub fn from_secret_json(json: &str) -> Result<Self, CredentialsError> {
        // Parse to a Value first: serde's type errors quote values, syntax
        // errors only carry a position.
        let value: Value = serde_json::from_str(json).map_err(|e| CredentialsError::NotJson {
            line: e.line(),
            column: e.column(),
        })?;
        let map = value.as_object().ok_or(CredentialsError::NotAnObject)?;

        let platform = match (
            string(map, "qualys_pod")?,
            string(map, "qualys_gateway_url")?,
        ) {
            (Some(_), Some(_)) => return Err(CredentialsError::BothPlatforms),
            (None, None) => return Err(CredentialsError::NoPlatform),
            (Some(pod), None) => match pod_gateway(&pod) {
                Some(_) => QualysPlatform::Pod(pod.trim().to_ascii_uppercase()),
                None => {
                    return Err(CredentialsError::UnknownPod {
                        known: PODS.map(|(name, _)| name).join(", "),
                    })
                }
            },
            (None, Some(url)) if url.starts_with("https://") && url.len() > "https://".len() => {
                QualysPlatform::GatewayUrl(url)
            }
            (None, Some(_)) => return Err(CredentialsError::BadGatewayUrl),
        };

        let token = string(map, "qualys_access_token")?;
        let client = pair(map, "qualys_client_id", "qualys_client_secret")?;
        let auth = match (token, client) {
            (Some(_), Some(_)) => return Err(CredentialsError::BothAuthKinds),
            (None, None) => return Err(CredentialsError::NoAuth),
            (Some(token), None) => QualysAuth::AccessToken(Secret::new(token)),
            (None, Some((id, secret))) => QualysAuth::ClientCredentials {
                client_id: Secret::new(id),
                client_secret: Secret::new(secret),
            },
        };

        let registry =
            pair(map, "registry_username", "registry_password")?.map(|(username, password)| {
                RegistryCredentials {
                    username,
                    password: Secret::new(password),
                }
            });

        Ok(QualysCredentials {
            platform,
            auth,
            registry,
        })
    }

    /// Every secret value, for [`crate::scrub`].
    pub fn secrets(&self) -> Vec<&Secret> {
        let mut secrets = match &self.auth {
            QualysAuth::AccessToken(token) => vec![token],
            QualysAuth::ClientCredentials {
                client_id,
                client_secret,
            } => vec![client_id, client_secret],
        };
        secrets.extend(self.registry.as_ref().map(|r| &r.password));
        secrets
    }
}

/// A string key; absent, null and empty are all `None`.
fn string(map: &Map<String, Value>, key: &'static str) -> Result<Option<String>, CredentialsError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(_) => Err(CredentialsError::NotAString { key }),
    }
}

/// Two keys that only make sense together.
fn pair(
    map: &Map<String, Value>,
    first: &'static str,
    second: &'static str,
) -> Result<Option<(String, String)>, CredentialsError> {
    match (string(map, first)?, string(map, second)?) {
        (Some(a), Some(b)) => Ok(Some((a, b))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(CredentialsError::MissingPair {
            missing: second,
            present: first,
        }),
        (None, Some(_)) => Err(CredentialsError::MissingPair {
            missing: first,
            present: second,
        }),
    }
}

/// AWS credentials for the subprocess, set as `AWS_*` variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsEnvCredentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Option<Secret>,
    pub region: String,
}

impl AwsEnvCredentials {
    /// Every secret value, for [`crate::scrub`].
    pub fn secrets(&self) -> Vec<&Secret> {
        let mut secrets = vec![&self.secret_access_key];
        secrets.extend(self.session_token.as_ref());
        secrets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "eyJ-very-secret-token";

    fn parse(json: &str) -> Result<QualysCredentials, CredentialsError> {
        QualysCredentials::from_secret_json(json)
    }

    #[test]
    fn secret_never_prints_its_value() {
        let secret = Secret::new(TOKEN);
        assert_eq!(format!("{secret} {secret:?}"), "*** ***");
        let creds = parse(&format!(
            r#"{{"qualys_pod":"US2","qualys_access_token":"{TOKEN}"}}"#
        ))
        .unwrap();
        assert!(!format!("{creds:?}").contains(TOKEN));
        assert_eq!(secret.expose(), TOKEN);
    }

    #[test]
    fn token_secret_with_pod_parses_and_normalises_the_pod() {
        let creds = parse(&format!(
            r#"{{"qualys_pod":" us2 ","qualys_access_token":"{TOKEN}","note":"ignored"}}"#
        ))
        .unwrap();
        assert_eq!(creds.platform, QualysPlatform::Pod("US2".into()));
        assert_eq!(creds.auth, QualysAuth::AccessToken(Secret::new(TOKEN)));
        assert_eq!(creds.registry, None);
    }

    #[test]
    fn client_credentials_with_gateway_and_registry_parse() {
        let creds = parse(
            r#"{"qualys_gateway_url":"https://gateway.qg1.apps.qualysgov.com",
                "qualys_client_id":"cid","qualys_client_secret":"csecret",
                "registry_username":"ci","registry_password":"rpass"}"#,
        )
        .unwrap();
        assert_eq!(
            creds.platform,
            QualysPlatform::GatewayUrl("https://gateway.qg1.apps.qualysgov.com".into())
        );
        assert_eq!(
            creds.auth,
            QualysAuth::ClientCredentials {
                client_id: Secret::new("cid"),
                client_secret: Secret::new("csecret")
            }
        );
        let registry = creds.registry.as_ref().unwrap();
        assert_eq!(registry.username, "ci");
        let secrets: Vec<&str> = creds.secrets().iter().map(|s| s.expose()).collect();
        assert_eq!(secrets, ["cid", "csecret", "rpass"]);
    }

    #[test]
    fn every_pod_in_the_table_is_accepted() {
        for (pod, gateway) in PODS {
            let creds = parse(&format!(
                r#"{{"qualys_pod":"{pod}","qualys_access_token":"t"}}"#
            ))
            .unwrap();
            assert_eq!(creds.platform, QualysPlatform::Pod(pod.into()));
            assert_eq!(pod_gateway(&pod.to_lowercase()), Some(gateway));
        }
    }

    #[test]
    fn platform_errors_name_keys() {
        let no_platform = parse(r#"{"qualys_access_token":"t"}"#).unwrap_err();
        assert_eq!(no_platform, CredentialsError::NoPlatform);
        let unknown = parse(&format!(
            r#"{{"qualys_pod":"{TOKEN}","qualys_access_token":"t"}}"#
        ))
        .unwrap_err();
        let message = unknown.to_string();
        assert!(message.contains("\"qualys_pod\"") && message.contains("US2"));
        assert!(!message.contains(TOKEN), "pod value echoed: {message}");
        assert_eq!(
            parse(
                r#"{"qualys_pod":"US1","qualys_gateway_url":"https://g","qualys_access_token":"t"}"#
            ),
            Err(CredentialsError::BothPlatforms)
        );
        assert_eq!(
            parse(r#"{"qualys_gateway_url":"http://g","qualys_access_token":"t"}"#),
            Err(CredentialsError::BadGatewayUrl)
        );
    }

    #[test]
    fn auth_errors_demand_exactly_one_kind() {
        assert_eq!(
            parse(r#"{"qualys_pod":"US1"}"#),
            Err(CredentialsError::NoAuth)
        );
        assert_eq!(
            parse(r#"{"qualys_pod":"US1","qualys_access_token":"","qualys_client_id":" "}"#),
            Err(CredentialsError::NoAuth)
        );
        assert_eq!(
            parse(
                r#"{"qualys_pod":"US1","qualys_access_token":"t","qualys_client_id":"i","qualys_client_secret":"s"}"#
            ),
            Err(CredentialsError::BothAuthKinds)
        );
        assert_eq!(
            parse(r#"{"qualys_pod":"US1","qualys_client_id":"i"}"#),
            Err(CredentialsError::MissingPair {
                missing: "qualys_client_secret",
                present: "qualys_client_id"
            })
        );
        assert_eq!(
            parse(r#"{"qualys_pod":"US1","qualys_access_token":"t","registry_password":"p"}"#),
            Err(CredentialsError::MissingPair {
                missing: "registry_username",
                present: "registry_password"
            })
        );
    }

    #[test]
    fn malformed_secrets_never_echo_values() {
        let not_json = parse(&format!(r#"{{"qualys_access_token":"{TOKEN}""#)).unwrap_err();
        assert!(matches!(
            not_json,
            CredentialsError::NotJson { line: 1, .. }
        ));
        assert!(!not_json.to_string().contains(TOKEN));
        assert_eq!(
            parse(&format!(r#""{TOKEN}""#)),
            Err(CredentialsError::NotAnObject)
        );
        let wrong_type = parse(r#"{"qualys_pod":"US1","qualys_access_token":12345}"#).unwrap_err();
        assert_eq!(
            wrong_type.to_string(),
            "qualys secret key \"qualys_access_token\" must be a string"
        );
    }

    #[test]
    fn scrub_replaces_every_secret_occurrence() {
        use crate::scrub;
        let aws = AwsEnvCredentials {
            access_key_id: "AKIAEXAMPLE".into(),
            secret_access_key: Secret::new("wJalrXUtnFEMI"),
            session_token: Some(Secret::new("FwoGZXIvYXdz")),
            region: "eu-west-1".into(),
        };
        let text = "key=wJalrXUtnFEMI token=FwoGZXIvYXdz again wJalrXUtnFEMI id=AKIAEXAMPLE";
        assert_eq!(
            scrub(text, aws.secrets().into_iter().chain([&Secret::new("")])),
            "key=*** token=*** again *** id=AKIAEXAMPLE"
        );
    }
}
