//! Where backups are kept: a folder (a mounted volume, a network share) or an S3-compatible
//! bucket, `s3://bucket/prefix`, through the `object_store` crate. A bucket's credentials,
//! region and endpoint come from the standard variables (`AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT` for MinIO, R2 or another S3,
//! `AWS_ALLOW_HTTP=true` for one without TLS).

use anyhow::{Context, bail};
use futures::TryStreamExt;
use object_store::path::Path as Key;
use object_store::{ObjectStore, ObjectStoreExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

pub enum Place {
    Folder(PathBuf),
    Bucket {
        store: Arc<dyn ObjectStore>,
        /// `s3://bucket/prefix`, for messages.
        url: String,
        prefix: Key,
    },
}

impl Place {
    /// `s3://bucket[/prefix]` is a bucket; anything else a folder.
    pub fn parse(text: &str) -> anyhow::Result<Place> {
        let Some(rest) = text.strip_prefix("s3://") else {
            return Ok(Place::Folder(PathBuf::from(text)));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            bail!("{text} names no bucket: s3://BUCKET/PREFIX");
        }
        let store = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_http_connector(super::transport::Reqwest)
            .build()
            .context("the S3 settings (AWS_* variables) are incomplete")?;
        Ok(Place::Bucket {
            store: Arc::new(store),
            url: text.trim_end_matches('/').to_string(),
            prefix: Key::from(prefix.trim_matches('/')),
        })
    }

    fn key(prefix: &Key, name: &str) -> Key {
        prefix.clone().join(name)
    }

    /// How `name` here is shown to the operator.
    pub fn describe(&self, name: &str) -> String {
        match self {
            Place::Folder(folder) => folder.join(name).display().to_string(),
            Place::Bucket { url, .. } => format!("{url}/{name}"),
        }
    }

    /// The names of the files directly in this place.
    pub async fn names(&self) -> anyhow::Result<Vec<String>> {
        match self {
            Place::Folder(folder) => {
                let mut names = Vec::new();
                let mut entries = tokio::fs::read_dir(folder)
                    .await
                    .with_context(|| format!("could not read the backup folder {}", folder.display()))?;
                while let Some(entry) = entries.next_entry().await? {
                    if let Ok(name) = entry.file_name().into_string() {
                        names.push(name);
                    }
                }
                Ok(names)
            }
            Place::Bucket { store, url, prefix } => {
                // Only the objects right under the prefix, as in a folder.
                let listed = store
                    .list_with_delimiter(Some(prefix))
                    .await
                    .with_context(|| format!("could not list {url}"))?;
                Ok(listed
                    .objects
                    .into_iter()
                    .filter_map(|object| object.location.filename().map(str::to_string))
                    .collect())
            }
        }
    }

    /// A folder to write a backup in before it is kept: the backup folder itself (so the
    /// final rename is atomic), or a temporary one for a bucket.
    pub async fn scratch(&self) -> anyhow::Result<Scratch> {
        match self {
            Place::Folder(folder) => {
                tokio::fs::create_dir_all(folder)
                    .await
                    .with_context(|| format!("could not create the backup folder {}", folder.display()))?;
                Ok(Scratch::Folder(folder.clone()))
            }
            Place::Bucket { .. } => Ok(Scratch::Temporary(tempfile::tempdir()?)),
        }
    }

    /// Keeps the finished file `local` (in this place's scratch) under `name`.
    pub async fn keep(&self, local: &Path, name: &str) -> anyhow::Result<()> {
        match self {
            Place::Folder(folder) => Ok(tokio::fs::rename(local, folder.join(name)).await?),
            Place::Bucket { store, url, prefix } => {
                // In parts, so a backup of any size streams from the disk.
                let mut upload =
                    object_store::buffered::BufWriter::new(store.clone(), Self::key(prefix, name));
                let mut file = tokio::fs::File::open(local).await?;
                let copied = async {
                    tokio::io::copy(&mut file, &mut upload).await?;
                    upload.shutdown().await
                }
                .await;
                if let Err(error) = copied {
                    let _ = upload.abort().await;
                    return Err(error).with_context(|| format!("could not upload to {url}/{name}"));
                }
                Ok(())
            }
        }
    }

    pub async fn remove(&self, name: &str) -> anyhow::Result<()> {
        match self {
            Place::Folder(folder) => Ok(tokio::fs::remove_file(folder.join(name)).await?),
            Place::Bucket { store, prefix, .. } => Ok(store.delete(&Self::key(prefix, name)).await?),
        }
    }

    /// A local file to read `name` from: the file itself in a folder, a download into
    /// `scratch` from a bucket.
    pub async fn local_copy(&self, name: &str, scratch: &Path) -> anyhow::Result<PathBuf> {
        match self {
            Place::Folder(folder) => Ok(folder.join(name)),
            Place::Bucket { store, url, prefix } => {
                let local = scratch.join(name);
                let mut file = tokio::fs::File::create(&local).await?;
                let mut stream = store
                    .get(&Self::key(prefix, name))
                    .await
                    .with_context(|| format!("could not read {url}/{name}"))?
                    .into_stream();
                while let Some(chunk) = stream.try_next().await? {
                    file.write_all(&chunk).await?;
                }
                file.flush().await?;
                Ok(local)
            }
        }
    }
}

/// Where a backup is written before it is kept; a temporary folder goes away with it.
pub enum Scratch {
    Folder(PathBuf),
    Temporary(tempfile::TempDir),
}

impl Scratch {
    pub fn path(&self) -> &Path {
        match self {
            Scratch::Folder(folder) => folder,
            Scratch::Temporary(dir) => dir.path(),
        }
    }
}
