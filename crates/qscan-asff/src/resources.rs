//! `Resources[]`: the Lambda function, and its container image when it has one.
//!
//! The function comes first and its `Id` is the unqualified ARN, so that
//! `GetFindings` filtered by `ResourceId` finds every finding of a function
//! whatever version was scanned. Image functions get a second resource,
//! type `Container` (the ASFF type whose details object is `Container`),
//! so findings can also be grouped by image digest; functions sharing an
//! image still get one finding each, keyed by function.

use std::collections::HashMap;

use aws_sdk_securityhub::types::{
    AwsLambdaFunctionDetails, AwsLambdaFunctionLayer, ContainerDetails, Partition, Resource,
    ResourceDetails,
};
use qscan_contracts::{FunctionDetails, PackageType};

use crate::limits::{escaped_len, fit, MAX_IMAGE_NAME};

/// `Resources[].Type` of the function.
pub const LAMBDA_RESOURCE_TYPE: &str = "AwsLambdaFunction";
/// `Resources[].Type` of the image of an image function.
pub const CONTAINER_RESOURCE_TYPE: &str = "Container";

/// The resources of every finding of `function`; identical for all of them.
pub(crate) fn resources(function: &FunctionDetails) -> Vec<Resource> {
    let mut out = vec![lambda_resource(function)];
    if function.package_type == PackageType::Image {
        out.extend(container_resource(function));
    }
    out
}

fn lambda_resource(f: &FunctionDetails) -> Resource {
    let layers: Vec<AwsLambdaFunctionLayer> = f
        .layers
        .iter()
        .map(|arn| AwsLambdaFunctionLayer::builder().arn(arn).build())
        .collect();
    let details = AwsLambdaFunctionDetails::builder()
        .function_name(&f.id.name)
        .set_code_sha256(f.code_sha256.clone())
        .package_type(f.package_type.as_str())
        .set_runtime(f.runtime.clone())
        .set_layers((!layers.is_empty()).then_some(layers))
        .set_architectures((!f.architectures.is_empty()).then(|| f.architectures.clone()))
        .set_version(f.function_version.clone())
        .build();
    let tags: HashMap<String, String> = f.tags.clone().into_iter().collect();
    Resource::builder()
        .r#type(LAMBDA_RESOURCE_TYPE)
        .id(&f.id.arn)
        .partition(Partition::from(f.id.partition()))
        .region(&f.id.region)
        .set_tags((!tags.is_empty()).then_some(tags))
        .details(
            ResourceDetails::builder()
                .aws_lambda_function(details)
                .build(),
        )
        .build()
}

/// `None` when the function names no image at all (a malformed outcome);
/// the Lambda resource alone still describes the finding.
fn container_resource(f: &FunctionDetails) -> Option<Resource> {
    let digest = f.image_digest();
    // `repo@sha256:…` identifies the exact image; fall back to what is known.
    let id = f
        .resolved_image_uri
        .as_deref()
        .filter(|_| digest.is_some())
        .or(digest)
        .or(f.image_uri.as_deref())?;
    let container = ContainerDetails::builder()
        .set_image_id(digest.map(str::to_owned))
        .set_image_name(f.image_repository().map(image_name))
        .build();
    Some(
        Resource::builder()
            .r#type(CONTAINER_RESOURCE_TYPE)
            .id(id)
            .partition(Partition::from(f.id.partition()))
            .region(&f.id.region)
            .details(ResourceDetails::builder().container(container).build())
            .build(),
    )
}

/// `ImageName` within 128 characters: the full repository URI when it fits,
/// else the repository path without the registry host (the part people
/// recognise), cut only as a last resort.
fn image_name(repository: &str) -> String {
    if escaped_len(repository) <= MAX_IMAGE_NAME {
        return repository.to_owned();
    }
    let path = repository
        .split_once('/')
        .map_or(repository, |(_host, path)| path);
    fit(path, MAX_IMAGE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;
    use qscan_contracts::FunctionId;

    fn zip_function() -> FunctionDetails {
        FunctionDetails {
            id: FunctionId::parse("orders", "111111111111", "eu-west-1").unwrap(),
            package_type: PackageType::Zip,
            runtime: Some("python3.12".into()),
            code_sha256: Some("abc=".into()),
            image_uri: None,
            resolved_image_uri: None,
            architectures: vec!["arm64".into()],
            layers: vec!["arn:aws:lambda:eu-west-1:111111111111:layer:deps:3".into()],
            function_version: Some("$LATEST".into()),
            tags: [("team".to_string(), "payments".to_string())].into(),
        }
    }

    #[test]
    fn zip_function_has_only_the_lambda_resource() {
        let r = resources(&zip_function());
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].r#type(), Some(LAMBDA_RESOURCE_TYPE));
        assert_eq!(
            r[0].id(),
            Some("arn:aws:lambda:eu-west-1:111111111111:function:orders")
        );
        assert_eq!(r[0].partition(), Some(&Partition::Aws));
        let d = r[0].details().unwrap().aws_lambda_function().unwrap();
        assert_eq!(d.function_name(), Some("orders"));
        assert_eq!(d.package_type(), Some("Zip"));
        assert_eq!(d.layers()[0].arn(), Some(zip_function().layers[0].as_str()));
        assert_eq!(d.architectures(), ["arm64"]);
        assert_eq!(r[0].tags().unwrap()["team"], "payments");
    }

    #[test]
    fn image_function_adds_a_container_resource_keyed_by_digest() {
        let mut f = zip_function();
        f.package_type = PackageType::Image;
        let repo = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/orders";
        f.image_uri = Some(format!("{repo}:v7"));
        f.resolved_image_uri = Some(format!("{repo}@sha256:{}", "a".repeat(64)));
        let r = resources(&f);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].r#type(), Some(CONTAINER_RESOURCE_TYPE));
        assert_eq!(r[1].id(), f.resolved_image_uri.as_deref());
        let c = r[1].details().unwrap().container().unwrap();
        assert_eq!(
            c.image_id(),
            Some(format!("sha256:{}", "a".repeat(64)).as_str())
        );
        assert_eq!(c.image_name(), Some(repo));
    }

    #[test]
    fn image_without_digest_falls_back_to_the_configured_uri() {
        let mut f = zip_function();
        f.package_type = PackageType::Image;
        f.image_uri = Some("111111111111.dkr.ecr.eu-west-1.amazonaws.com/orders:v7".into());
        let r = resources(&f);
        assert_eq!(r[1].id(), f.image_uri.as_deref());
        assert_eq!(
            r[1].details().unwrap().container().unwrap().image_id(),
            None
        );
    }

    #[test]
    fn long_repository_drops_the_host_then_cuts_within_128() {
        let host = "111111111111.dkr.ecr.eu-west-1.amazonaws.com";
        let medium = format!("{host}/{}", "r".repeat(100));
        assert_eq!(image_name(&medium), "r".repeat(100));
        let long = format!("{host}/{}", "r".repeat(300));
        let name = image_name(&long);
        assert!(escaped_len(&name) <= MAX_IMAGE_NAME);
        assert!(name.starts_with("rrr") && name.ends_with('…'));
    }
}
