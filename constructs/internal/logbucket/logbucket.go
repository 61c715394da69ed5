// Package logbucket is the bucket load balancers write access logs to, the
// same for a provider's TLS listener and for the ALB front door.
package logbucket

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	kms "github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	s3 "github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
)

// New is the bucket id in scope: TLS-only access, no public access, owner
// enforced, versioned (log objects are written once; versions guard them
// against overwrite and deletion until they expire), kept when the stack is
// deleted, and emptied by its rules within days + 1 days of the last log,
// after which it costs nothing. It is encrypted with key, or with
// S3-managed keys when key is nil, for the reason given to the compliance
// packs (noKeyReason).
func New(scope constructs.Construct, id string, days float64, key kms.IKey, noKeyReason string) s3.Bucket {
	return Kept(scope, id, Expiry{Rule: "expire-access-logs", Days: days}, key,
		Reasons{Logging: nag.ReasonLogBucket, Replication: nag.ReasonLogReplication, NoKey: noKeyReason})
}

// Expiry is when a kept bucket's objects expire: Rule names the lifecycle
// rule, Days counts from each object's creation. KeptOnFailedCreate keeps
// the bucket when the stack's first deploy fails too (DeletionPolicy
// Retain), for a bucket that may be written before the deploy ends: a
// bucket with objects cannot be deleted, and its rollback would fail.
type Expiry struct {
	Rule               string
	Days               float64
	KeptOnFailedCreate bool
}

// Reasons are what the compliance packs are told: why the bucket keeps no
// server access logs of its own, why it is not replicated, and why it has
// no customer managed key (when key is nil).
type Reasons struct {
	Logging, Replication, NoKey string
}

// Kept is the bucket of New for any write-once objects (a canary's
// artifacts, for example).
func Kept(scope constructs.Construct, id string, expiry Expiry, key kms.IKey, why Reasons) s3.Bucket {
	props := &s3.BucketProps{
		Encryption:        s3.BucketEncryption_S3_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		BlockPublicAccess: s3.BlockPublicAccess_BLOCK_ALL(),
		ObjectOwnership:   s3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		Versioned:         jsii.Bool(true),
		LifecycleRules: &[]*s3.LifecycleRule{{
			Id:                          jsii.String(expiry.Rule),
			Expiration:                  awscdk.Duration_Days(jsii.Number(expiry.Days)),
			NoncurrentVersionExpiration: awscdk.Duration_Days(jsii.Number(1)),
		}, {
			Id:                        jsii.String("remove-expired-delete-markers"),
			ExpiredObjectDeleteMarker: jsii.Bool(true),
		}},
		RemovalPolicy: defaults.Kept(),
	}
	if expiry.KeptOnFailedCreate {
		props.RemovalPolicy = awscdk.RemovalPolicy_RETAIN
	}
	if key != nil {
		props.Encryption, props.EncryptionKey, props.BucketKeyEnabled = s3.BucketEncryption_KMS, key, jsii.Bool(true)
	}
	b := s3.NewBucket(scope, jsii.String(id), props)
	nag.Suppress(b, nag.Rule{ID: "AwsSolutions-S1", Reason: why.Logging})
	nag.Compliance(b, "S3BucketLoggingEnabled", why.Logging)
	nag.Compliance(b, "S3BucketReplicationEnabled", why.Replication)
	if key == nil {
		nag.Compliance(b, "S3DefaultEncryptionKMS", why.NoKey)
	}
	return b
}
