//! The resources the pipeline works on and writes to, created in the
//! emulator the way an operator (or Terraform) would create them in AWS.

use aws_config::SdkConfig;
use aws_sdk_lambda::types::{FunctionCode, PackageType};
use sha2::{Digest, Sha256};

use crate::{ACCOUNT, REGION};

/// What to create.
#[derive(Debug, Clone)]
pub struct StackOptions {
    pub function_name: String,
    pub repository: String,
    pub image_tag: String,
    /// The token stored in the Qualys secret.
    pub qualys_token: String,
    pub tags: Vec<(String, String)>,
    /// A policy to ship as an S3 object (`POLICY_S3_URI`); none: built-in default.
    pub policy: Option<String>,
}

impl Default for StackOptions {
    fn default() -> Self {
        StackOptions {
            function_name: "orders-api".into(),
            repository: "orders-api".into(),
            image_tag: "2026.11.29".into(),
            qualys_token: "demo-qualys-token-not-real".into(),
            tags: vec![("team".into(), "payments".into())],
            policy: None,
        }
    }
}

/// What was created.
#[derive(Debug, Clone)]
pub struct DemoStack {
    pub function_name: String,
    pub function_arn: String,
    pub image_uri: String,
    /// `sha256:<hex>` of the manifest, as a registry computes it.
    pub image_digest: String,
    pub secret_arn: String,
    pub bucket: String,
    pub topic_arn: String,
    /// SQS queue subscribed to the topic (raw delivery off: SNS envelope).
    pub queue_url: String,
    /// `s3://…` of the shipped policy, when one was given.
    pub policy_uri: Option<String>,
}

/// The outputs the pipeline needs, from whoever created them.
#[derive(Debug, Clone)]
pub struct Outputs {
    pub secret_arn: String,
    pub bucket: String,
    pub topic_arn: String,
    pub policy_uri: Option<String>,
}

impl Outputs {
    /// Reads the `QSCAN_*` variables `terraform/scripts/emulator.sh up`
    /// writes from the single-account layout's outputs.
    pub fn from_terraform_env(text: &str) -> anyhow::Result<(String, Self)> {
        let get = |name: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix('='))
                .map(str::to_owned)
                .ok_or_else(|| anyhow::anyhow!("{name} missing from the Terraform env file"))
        };
        Ok((
            get("AWS_ENDPOINT_URL")?,
            Outputs {
                secret_arn: get("QSCAN_QUALYS_SECRET_ARN")?,
                bucket: get("QSCAN_RESULTS_BUCKET_NAME")?,
                topic_arn: get("QSCAN_ALERTS_TOPIC_ARN")?,
                policy_uri: Some(get("QSCAN_POLICY_S3_URI")?),
            },
        ))
    }
}

impl DemoStack {
    /// Creates everything in the emulator, as an operator would by hand.
    pub async fn create(sdk: &SdkConfig, options: &StackOptions) -> anyhow::Result<Self> {
        let secret_arn = aws_sdk_secretsmanager::Client::new(sdk)
            .create_secret()
            .name("lambda-qscanner/qualys")
            .secret_string(qualys_secret(options))
            .send()
            .await?
            .arn
            .ok_or_else(|| anyhow::anyhow!("CreateSecret returned no ARN"))?;
        let bucket = "lambda-qscanner-results".to_owned();
        let s3 = aws_sdk_s3::Client::new(sdk);
        s3.create_bucket().bucket(&bucket).send().await?;
        let topic_arn = aws_sdk_sns::Client::new(sdk)
            .create_topic()
            .name("lambda-qscanner-alerts")
            .send()
            .await?
            .topic_arn
            .ok_or_else(|| anyhow::anyhow!("CreateTopic returned no ARN"))?;
        let policy_uri = match &options.policy {
            Some(policy) => {
                s3.create_bucket().bucket(POLICY_BUCKET).send().await?;
                put_policy(sdk, policy).await?;
                Some(format!("s3://{POLICY_BUCKET}/{POLICY_KEY}"))
            }
            None => None,
        };
        let outputs = Outputs {
            secret_arn,
            bucket,
            topic_arn,
            policy_uri,
        };
        Self::around(sdk, options, outputs).await
    }

    /// Uses what Terraform created (secret, bucket, topic, policy object):
    /// fills the secret, as an operator does out of band, and adds the
    /// function to scan.
    pub async fn onto(
        sdk: &SdkConfig,
        options: &StackOptions,
        outputs: Outputs,
    ) -> anyhow::Result<Self> {
        aws_sdk_secretsmanager::Client::new(sdk)
            .put_secret_value()
            .secret_id(&outputs.secret_arn)
            .secret_string(qualys_secret(options))
            .send()
            .await?;
        Self::around(sdk, options, outputs).await
    }

    /// The function to scan, an inbox on the topic, and Security Hub.
    async fn around(
        sdk: &SdkConfig,
        options: &StackOptions,
        outputs: Outputs,
    ) -> anyhow::Result<Self> {
        let (image_uri, image_digest) = push_image(sdk, options).await?;
        let function_arn = create_function(sdk, options, &image_uri).await?;
        let queue_url = subscribe_queue(sdk, &outputs.topic_arn).await?;
        aws_sdk_securityhub::Client::new(sdk)
            .enable_security_hub()
            .send()
            .await?;
        Ok(DemoStack {
            function_name: options.function_name.clone(),
            function_arn,
            image_uri,
            image_digest,
            secret_arn: outputs.secret_arn,
            bucket: outputs.bucket,
            topic_arn: outputs.topic_arn,
            queue_url,
            policy_uri: outputs.policy_uri,
        })
    }
}

fn qualys_secret(options: &StackOptions) -> String {
    serde_json::json!({"qualys_pod": "US2", "qualys_access_token": options.qualys_token})
        .to_string()
}

const POLICY_BUCKET: &str = "lambda-qscanner-config";
const POLICY_KEY: &str = "policy/policy.toml";

/// Replaces the shipped policy object, as `terraform apply` does after a
/// merged policy change.
pub async fn put_policy(sdk: &SdkConfig, policy: &str) -> anyhow::Result<()> {
    aws_sdk_s3::Client::new(sdk)
        .put_object()
        .bucket(POLICY_BUCKET)
        .key(POLICY_KEY)
        .body(policy.as_bytes().to_vec().into())
        .send()
        .await?;
    Ok(())
}

/// Pushes a manifest to the emulated ECR, digest computed as a registry does.
async fn push_image(sdk: &SdkConfig, options: &StackOptions) -> anyhow::Result<(String, String)> {
    let ecr = aws_sdk_ecr::Client::new(sdk);
    ecr.create_repository()
        .repository_name(&options.repository)
        .send()
        .await?;
    let manifest = serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": format!("sha256:{}", hex::encode(Sha256::digest(options.function_name.as_bytes()))),
            "size": 1469
        },
        "layers": [{
            "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
            "digest": format!("sha256:{}", hex::encode(Sha256::digest(options.image_tag.as_bytes()))),
            "size": 29_126_484
        }]
    })
    .to_string();
    let digest = format!(
        "sha256:{}",
        hex::encode(Sha256::digest(manifest.as_bytes()))
    );
    ecr.put_image()
        .repository_name(&options.repository)
        .image_manifest(&manifest)
        .image_manifest_media_type("application/vnd.oci.image.manifest.v1+json")
        .image_tag(&options.image_tag)
        .image_digest(&digest)
        .send()
        .await?;
    let uri = format!(
        "{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{}:{}",
        options.repository, options.image_tag
    );
    Ok((uri, digest))
}

/// A zip-packaged function (an empty, valid zip archive is enough: the
/// emulator does not run it, QScanner's `lambda` command reads it).
pub async fn create_zip_function(sdk: &SdkConfig, name: &str) -> anyhow::Result<String> {
    const EMPTY_ZIP: [u8; 22] = [
        0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    let role_arn = format!("arn:aws:iam::{ACCOUNT}:role/orders-api-role");
    let out = aws_sdk_lambda::Client::new(sdk)
        .create_function()
        .function_name(name)
        .role(role_arn)
        .runtime(aws_sdk_lambda::types::Runtime::Python312)
        .handler("app.handler")
        .code(
            FunctionCode::builder()
                .zip_file(EMPTY_ZIP.to_vec().into())
                .build(),
        )
        .send()
        .await?;
    out.function_arn
        .ok_or_else(|| anyhow::anyhow!("CreateFunction returned no ARN"))
}

async fn create_function(
    sdk: &SdkConfig,
    options: &StackOptions,
    image_uri: &str,
) -> anyhow::Result<String> {
    let role = aws_sdk_iam::Client::new(sdk)
        .create_role()
        .role_name(format!("{}-role", options.function_name))
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await?;
    let role_arn = role
        .role()
        .map(|r| r.arn().to_owned())
        .ok_or_else(|| anyhow::anyhow!("CreateRole returned no role"))?;
    let mut request = aws_sdk_lambda::Client::new(sdk)
        .create_function()
        .function_name(&options.function_name)
        .role(role_arn)
        .package_type(PackageType::Image)
        .code(FunctionCode::builder().image_uri(image_uri).build());
    for (key, value) in &options.tags {
        request = request.tags(key, value);
    }
    let out = request.send().await?;
    out.function_arn
        .ok_or_else(|| anyhow::anyhow!("CreateFunction returned no ARN"))
}

/// An SQS queue subscribed to the alerts topic, to read alerts back.
async fn subscribe_queue(sdk: &SdkConfig, topic_arn: &str) -> anyhow::Result<String> {
    let queue_url = aws_sdk_sqs::Client::new(sdk)
        .create_queue()
        .queue_name("alerts-inbox")
        .send()
        .await?
        .queue_url
        .ok_or_else(|| anyhow::anyhow!("CreateQueue returned no URL"))?;
    aws_sdk_sns::Client::new(sdk)
        .subscribe()
        .topic_arn(topic_arn)
        .protocol("sqs")
        .endpoint(format!("arn:aws:sqs:{REGION}:{ACCOUNT}:alerts-inbox"))
        .send()
        .await?;
    Ok(queue_url)
}
