import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { OptionalHeaderName, OptionalString, RequiredString, RequiredUrl } from '../../../common/validation';
import { WriteOnly } from './write-only.decorator';

/** `SearchIngestion.Content.Http`: where content is fetched from. */
export class SearchIngestionContentHttpConfig {
  @RequiredUrl()
  Endpoint: string;

  @OptionalHeaderName('CustomAuthHeaderValue')
  CustomAuthHeaderName?: string;

  // Not marked write-only in the SDKs, but it is a credential: it is treated as one.
  @WriteOnly({ belongsTo: 'CustomAuthHeaderName' })
  @OptionalString({ maxLength: 2000, requiredWith: 'CustomAuthHeaderName' })
  CustomAuthHeaderValue?: string;
}

/** `SearchIngestion.Content`. */
export class SearchIngestionContentConfig {
  @IsOptional()
  @IsArray({ message: 'must be an array of strings' })
  @IsString({ each: true, message: 'must contain only strings' })
  Locales?: string[];

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => SearchIngestionContentHttpConfig)
  Http?: SearchIngestionContentHttpConfig;
}

/** `DeliveryTargets.SearchIngestion`: Sitecore Search ingestion (used by product sync). */
export class SearchIngestionConfig {
  @RequiredString({ maxLength: 200 })
  Domain: string;

  @RequiredString({ maxLength: 200 })
  Source: string;

  @RequiredUrl()
  Endpoint: string;

  @RequiredString({ maxLength: 200 })
  Entity: string;

  @WriteOnly()
  @RequiredString({ maxLength: 2000 })
  ApiKey: string;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => SearchIngestionContentConfig)
  Content?: SearchIngestionContentConfig;
}
