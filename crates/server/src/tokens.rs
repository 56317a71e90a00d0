//! Access tokens: JWT, HS256 only, 15 minutes, 5 seconds of clock-skew leeway.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use salesops_domain::Role;
use salesops_domain::auth::ACCESS_TOKEN_TTL_SECS;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    pub roles: Vec<Role>,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    /// The session the token belongs to; revoking the session stops the token.
    pub sid: i64,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> TokenKeys {
        // `Validation::new` accepts exactly the one algorithm given; `none` and every other
        // `alg` in a token's header are refused.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.validate_exp = true;
        validation.set_required_spec_claims(&["exp", "sub", "iat"]);
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn issue(&self, user_id: i64, roles: &[Role], session_id: i64) -> Result<String, AppError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            roles: roles.to_vec(),
            iat: now,
            exp: now + ACCESS_TOKEN_TTL_SECS,
            jti: uuid::Uuid::new_v4().simple().to_string(),
            sid: session_id,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AppError::Internal(format!("cannot sign token: {e}")))
    }

    pub fn verify(&self, token: &str) -> Result<Claims, AppError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| {
                let expired = matches!(e.kind(), jsonwebtoken::errors::ErrorKind::ExpiredSignature);
                AppError::Unauthorized {
                    code: if expired {
                        "token_expired"
                    } else {
                        "invalid_token"
                    },
                    detail: if expired {
                        "the access token has expired".to_owned()
                    } else {
                        "the access token is not valid".to_owned()
                    },
                }
            })
    }
}
