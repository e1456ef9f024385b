// Velib.Functions in Azure: the function app (Flex Consumption by default, Elastic Premium EP1 as an option),
// its storage account, Application Insights on a Log Analytics workspace, and the app settings of the pipeline.
// The app has a system-assigned managed identity: it reaches its storage with it (no account key in settings on
// Flex Consumption) and reads the Kafka credentials from Key Vault through Key Vault references.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json
//
// No secret goes through this template: the broker credentials stay in Key Vault, only their URIs are parameters.
//
// What was checked, and how: `bash .ci/run` compiles and lints this file with the Bicep CLI (0.49.2; a lint warning
// fails it) and checks main.parameters.json against it. No Azure subscription was available where this was written,
// so it was never deployed; keep it plain - no modules, no user-defined types - so a reader can check the rest:
//   - Role definition ids: compared with Microsoft's Flex Consumption sample (Azure-Samples/
//     azure-functions-flex-consumption-samples, IaC/bicep/rbac.bicep: Storage Blob Data Owner b7e6dc6d-...-0f276bb0955b,
//     Storage Queue Data Contributor 974c5e8b-..., Storage Table Data Contributor 0a9a7e1f-...) and, for Key Vault
//     Secrets User (4633458b-...), with the Azure built-in roles list as quoted by many public templates. An earlier
//     version had a wrong Blob Data Owner id (...-0f2a2a7f7a32): its role assignment fails, and on Flex Consumption
//     the app then cannot read its deployment container.
//   - instanceMemoryMB: the same sample allows exactly 512, 2048 and 4096 (@allowed([512,2048,4096]), default 2048).
//   - API versions: Microsoft.Web/serverfarms and Microsoft.Web/sites @2024-04-01 are the ones the same sample deploys
//     Flex Consumption with (functionAppConfig needs 2023-12-01 or later); the others are published, non-preview
//     versions of their resource types. Not checked: that every region offers Flex Consumption for .NET 10.
//   - runtime dotnet-isolated '10.0': Microsoft Learn's Flex Consumption page (learn.microsoft.com/azure/azure-functions/
//     flex-consumption-plan, "Supported language stack versions") lists .NET 8, 9 and 10 for the isolated worker, and
//     the documented output of Get-AzFunctionAppFlexConsumptionRuntime (Az.Functions) names it dotnet-isolated 10.0.
//   - maximumInstanceCount 40 to 1000: the same page's "Considerations" ("The lowest maximum scale is currently 40",
//     in every stored version read, the one listing .NET 10 included) and the sample's @minValue(40). An earlier
//     comment here cited 1; no Microsoft page read says so.
//   - Kafka on Flex Consumption: functions-bindings-kafka lists Flex Consumption, Elastic Premium and Dedicated (older
//     versions: Premium and Dedicated only). How the trigger scales there: docs/functions.md, "Deploy to Azure".

targetScope = 'resourceGroup'

@description('Short name used to derive the resource names (letters, digits, hyphens; the storage account takes it lowercase, without hyphens).')
@minLength(3)
@maxLength(11)
param baseName string = 'velib'

@description('Region of every resource. Flex Consumption exists in a subset of regions: az functionapp list-flexconsumption-locations.')
param location string = resourceGroup().location

@description('Hosting plan: FlexConsumption (FC1, scales to zero) or ElasticPremium (EP1, always warm).')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string = 'FlexConsumption'

@description('Flex Consumption: most instances the app may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Flex Consumption: memory of an instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Kafka bootstrap servers, host:port[,host:port] (Confluent Cloud: pkc-xxxxx.<region>.azure.confluent.cloud:9092; Event Hubs: <namespace>.servicebus.windows.net:9093).')
param brokerList string

@description('Key Vault secret URI of the SASL user name (Confluent API key, or a secret holding "$ConnectionString" for Event Hubs). Empty: no credentials (plaintext broker).')
param kafkaUsernameSecretUri string = ''

@description('Key Vault secret URI of the SASL password (Confluent API secret, or the Event Hubs connection string). Empty: no credentials.')
param kafkaPasswordSecretUri string = ''

@description('Name of the Key Vault holding the two secrets, in this resource group, to grant the app "Key Vault Secrets User" on it (RBAC vault). Empty: grant it yourself.')
param keyVaultName string = ''

@description('Topic of the station messages.')
param stationsTopic string = 'velib-projet'

@description('Topic of the per-postcode totals (create it with cleanup.policy=compact).')
param totalsTopic string = 'velib-projet-final-data'

@description('Consumer group of the aggregating function.')
param consumerGroup string = 'velib-aggregator'

@description('Six-field NCRONTAB schedule of the producer.')
param schedule string = '0 */1 * * * *'

@description('Station codes to publish, comma-separated, or "all".')
param stations string = '16107,32017'

@description('Whether stations missing from the built-in postcode table are reverse-geocoded.')
param geocoderEnabled bool = true

@description('Log Analytics retention, in days.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Tags applied to every resource.')
param tags object = {
  application: 'velib-pipeline'
}

var isFlex = hostingPlan == 'FlexConsumption'
var token = toLower(uniqueString(resourceGroup().id, baseName))
// A storage account's name is lowercase letters and digits, a share's lowercase: a 'Velib-Paris' base fits both.
var storageAccountName = take('st${toLower(replace(baseName, '-', ''))}${token}', 24)
var functionAppName = 'func-${baseName}-${token}'
var planName = 'plan-${baseName}-${token}'
var deploymentContainerName = 'app-package-${take(token, 8)}'
var contentShareName = toLower(take('${functionAppName}-content', 63))

// Built-in role definition ids.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${baseName}-${token}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${baseName}-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    // Flex Consumption runs on the managed identity alone; Elastic Premium still needs a key for its content share.
    allowSharedKeyAccess: !isFlex
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = if (isFlex) {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: 'EP1'
        tier: 'ElasticPremium'
      }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: isFlex ? null : 20
  }
}

var kafkaCredentialSettings = [
  {
    name: 'KafkaUsername'
    value: empty(kafkaUsernameSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${kafkaUsernameSecretUri})'
  }
  {
    name: 'KafkaPassword'
    value: empty(kafkaPasswordSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${kafkaPasswordSecretUri})'
  }
]

var pipelineSettings = [
  {
    name: 'BrokerList'
    value: brokerList
  }
  {
    name: 'VelibStationsTopic'
    value: stationsTopic
  }
  {
    name: 'VelibTotalsTopic'
    value: totalsTopic
  }
  {
    name: 'VelibConsumerGroup'
    value: consumerGroup
  }
  {
    name: 'VelibSchedule'
    value: schedule
  }
  {
    name: 'Velib__Stations'
    value: stations
  }
  {
    name: 'Velib__Geocoder__Enabled'
    value: string(geocoderEnabled)
  }
]

// Storage through the managed identity (blob for the host and timer leases, queue and table for the host).
var identityStorageSettings = [
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storage.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
]

// Elastic Premium on Linux: runtime settings and the Azure Files content share (which requires a connection string).
var premiumSettings = isFlex
  ? []
  : [
      {
        name: 'FUNCTIONS_EXTENSION_VERSION'
        value: '~4'
      }
      {
        name: 'FUNCTIONS_WORKER_RUNTIME'
        value: 'dotnet-isolated'
      }
      {
        name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING'
        value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}'
      }
      {
        name: 'WEBSITE_CONTENTSHARE'
        value: contentShareName
      }
    ]

var allSettings = concat(identityStorageSettings, premiumSettings, pipelineSettings, kafkaCredentialSettings)

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Flex Consumption lists the site's reserved (isReserved, "Not valid") and ftpsState ("FTPS not supported") among
    // the properties not to set (learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations;
    // read, not deployed): set on Elastic Premium only. The plan's reserved (Linux) stays on both.
    reserved: isFlex ? null : true
    keyVaultReferenceIdentity: 'SystemAssigned'
    functionAppConfig: isFlex
      ? {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
              authentication: {
                type: 'SystemAssignedIdentity'
              }
            }
          }
          scaleAndConcurrency: {
            maximumInstanceCount: maximumInstanceCount
            instanceMemoryMB: instanceMemoryMB
          }
          runtime: {
            name: 'dotnet-isolated'
            version: '10.0'
          }
        }
      : null
    siteConfig: {
      linuxFxVersion: isFlex ? null : 'DOTNET-ISOLATED|10.0'
      // Elastic Premium scales a Kafka trigger only with runtime scale monitoring.
      functionsRuntimeScaleMonitoringEnabled: isFlex ? null : true
      minTlsVersion: '1.2'
      ftpsState: isFlex ? null : 'Disabled'
      // The whole set, the Key Vault references included: on a first deployment they cannot resolve yet (the identity
      // has no role on the vault; a SaslSsl worker refuses to start), and the appSettings resource below, a configuration
      // change made once the roles exist, has them fetched again. Left out here, a redeployment replaced the settings
      // without the credentials and restarted the app without them until that resource wrote them back (read, not deployed).
      appSettings: allSettings
    }
  }
  dependsOn: [
    deploymentContainer
  ]
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, functionApp.id, storageBlobDataOwner)
  properties: {
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, functionApp.id, storageQueueDataContributor)
  properties: {
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, functionApp.id, storageTableDataContributor)
  properties: {
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = if (!empty(keyVaultName)) {
  name: empty(keyVaultName) ? 'unused' : keyVaultName
}

resource keyVaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(keyVaultName)) {
  scope: keyVault
  name: guid(resourceGroup().id, keyVaultName, functionApp.id, keyVaultSecretsUser)
  properties: {
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

// Every app setting, the Key Vault references included, written once the app's identity has its roles. Microsoft's
// 'Use Key Vault references' (learn.microsoft.com/azure/app-service/app-service-key-vault-references, 'Azure Resource
// Manager deployment'): define the settings as their own resource, after the identity is granted access; a reference
// that cannot be resolved is passed to the app as its literal '@Microsoft.KeyVault(...)' text ('Troubleshooting'),
// which the worker refuses at start-up (AppSettings.UnresolvedReference) rather than send it as a broker or secret;
// references are fetched again only every 24 hours or on a configuration change ('Rotation'). Read there, not
// deployed: a new role assignment can take minutes to apply, so docs/functions.md (Deploy to Azure, step 3) checks
// the references' status.
// This resource replaces the whole set: it writes the same settings as siteConfig.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: toObject(
    allSettings,
    setting => setting.name,
    setting => setting.value
  )
  dependsOn: [
    blobRole
    queueRole
    tableRole
    keyVaultRole
  ]
}

output functionAppName string = functionApp.name
output functionAppPrincipalId string = functionApp.identity.principalId
output storageAccountName string = storage.name
output applicationInsightsName string = appInsights.name
